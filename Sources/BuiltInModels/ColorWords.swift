import Models
import Imaging
import DreamFrameCore
import Foundation

/// Colour words the story model uses in appearances and the renderer understands.
public enum ColorWords {
    /// Multi-word names first so "dark green" wins over "green".
    public static let table: [(String, RGBColor)] = [
        ("royal blue", RGBColor(45, 70, 180)), ("dark green", RGBColor(30, 85, 45)), ("sky blue", RGBColor(110, 170, 225)),
        ("dark red", RGBColor(120, 20, 25)), ("light blue", RGBColor(150, 190, 230)),
        ("red", RGBColor(190, 35, 35)), ("crimson", RGBColor(165, 20, 50)), ("scarlet", RGBColor(220, 40, 30)),
        ("orange", RGBColor(230, 120, 30)), ("amber", RGBColor(225, 160, 40)), ("yellow", RGBColor(230, 205, 50)),
        ("golden", RGBColor(212, 170, 55)), ("gold", RGBColor(212, 170, 55)), ("mustard", RGBColor(200, 165, 40)),
        ("green", RGBColor(50, 140, 60)), ("olive", RGBColor(110, 115, 45)), ("emerald", RGBColor(20, 150, 95)),
        ("teal", RGBColor(25, 125, 125)), ("turquoise", RGBColor(60, 195, 190)), ("blue", RGBColor(45, 90, 200)),
        ("navy", RGBColor(25, 35, 95)), ("purple", RGBColor(115, 45, 150)), ("violet", RGBColor(140, 80, 200)),
        ("lavender", RGBColor(175, 150, 215)), ("plum", RGBColor(110, 40, 90)), ("pink", RGBColor(230, 130, 170)),
        ("rose", RGBColor(210, 95, 120)), ("maroon", RGBColor(110, 25, 40)), ("burgundy", RGBColor(120, 25, 50)),
        ("rust", RGBColor(170, 75, 35)), ("brown", RGBColor(110, 70, 40)), ("tan", RGBColor(190, 150, 105)),
        ("beige", RGBColor(215, 195, 160)), ("cream", RGBColor(240, 230, 200)), ("ivory", RGBColor(245, 240, 220)),
        ("white", RGBColor(240, 240, 240)), ("silver", RGBColor(190, 195, 205)), ("grey", RGBColor(130, 130, 135)),
        ("gray", RGBColor(130, 130, 135)), ("charcoal", RGBColor(55, 55, 60)), ("black", RGBColor(25, 25, 28)),
        ("auburn", RGBColor(140, 55, 30)), ("blond", RGBColor(225, 195, 120)), ("blonde", RGBColor(225, 195, 120)),
        ("chestnut", RGBColor(120, 60, 35)), ("ginger", RGBColor(200, 100, 40)),
    ]

    /// The colour name that starts earliest in `text`, matched as whole words, so "a dark green coat" is dark green,
    /// not green; of two names starting at the same word, the longer wins.
    public static func firstColor(in text: String) -> (name: String, color: RGBColor)? {
        let padded = " " + text.lowercased() + " "
        var best: (position: Int, name: String, color: RGBColor)?
        for (name, color) in table {
            guard let range = padded.range(of: " " + name + " ") else { continue }
            let position = padded.distance(from: padded.startIndex, to: range.lowerBound)
            if let current = best, position > current.position
                || (position == current.position && name.count <= current.name.count) {
                continue
            }
            best = (position, name, color)
        }
        return best.map { ($0.name, $0.color) }
    }
}
