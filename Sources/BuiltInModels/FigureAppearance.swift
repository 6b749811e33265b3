import Models
import Imaging
import DreamFrameCore
import Foundation

/// What the renderer reads out of an appearance phrase such as "a tall man with a grey beard in a brown coat".
///
/// The parse is a pure function of the phrase, so a character looks identical in every frame of a movie.
public struct FigureAppearance: Sendable, Hashable {
    /// Who the phrase describes.
    public enum Kind: String, Sendable {
        /// An adult man, a woman, a boy, a girl, or a person the phrase does not say more about.
        case man, woman, boy, girl, person
    }

    /// Man, woman, boy, girl or unspecified.
    public var kind: Kind
    /// Relative body height (1 = average).
    public var heightScale: Double
    /// Relative body width (1 = average).
    public var widthScale: Double
    /// Clothing colour (the colour word after the last " in ").
    public var clothing: RGBColor
    /// Hair and beard colour.
    public var hair: RGBColor
    /// Skin tone, stable per phrase.
    public var skin: RGBColor
    /// Draw a beard or moustache.
    public var beard: Bool
    /// Draw a hat.
    public var hat: Bool
    /// Draw glasses.
    public var glasses: Bool
    /// Draw long hair down to the shoulders.
    public var longHair: Bool
    /// Draw no hair.
    public var bald: Bool

    /// Women and girls are drawn in a dress.
    var wearsDress: Bool { kind == .woman || kind == .girl }

    /// The parse of `phrase`, remembered per phrase in this process (a character's phrase recurs in every frame of
    /// its movie; parsing it again per frame cost more than drawing a small frame).
    public static func parsed(_ phrase: String) -> FigureAppearance {
        parses.value(for: phrase) { FigureAppearance(phrase: phrase) }
    }

    private static let parses = BoundedMemo<String, FigureAppearance>(capacity: 1024)

    /// Parses an appearance phrase.
    public init(phrase: String) {
        let text = phrase.lowercased()
        let words = Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init))
        if words.contains("woman") || words.contains("lady") { kind = .woman }
        else if words.contains("girl") { kind = .girl }
        else if words.contains("boy") { kind = .boy }
        else if words.contains("man") { kind = .man }
        else { kind = .person }
        var hs = 1.0, ws = 1.0
        if words.contains("tall") || words.contains("lanky") { hs = 1.15 }
        if words.contains("short") || words.contains("petite") { hs = 0.86 }
        if words.contains("stout") || words.contains("heavyset") || words.contains("broad") || words.contains("burly") { ws = 1.4 }
        if words.contains("slim") || words.contains("thin") || words.contains("slender") || words.contains("wiry") { ws = 0.75 }
        if kind == .boy || kind == .girl { hs *= 0.68 }
        heightScale = hs
        widthScale = ws
        beard = words.contains("beard") || words.contains("moustache") || words.contains("mustache")
        hat = words.contains("hat") || words.contains("cap") || words.contains("hood") || words.contains("helmet")
        glasses = words.contains("glasses") || words.contains("spectacles")
        bald = words.contains("bald")
        longHair = words.contains("long") && words.contains("hair") || (kind == .woman || kind == .girl) && !words.contains("short")
        // Hair: a colour word right before "hair"/"beard"; clothing: the colour after the last " in ".
        var hairColor: RGBColor?
        for marker in [" hair", " beard", " moustache"] {
            if let r = text.range(of: marker) {
                let before = String(text[..<r.lowerBound]).split(separator: " ").suffix(2).joined(separator: " ")
                if let c = ColorWords.firstColor(in: before) { hairColor = c.color; break }
            }
        }
        let fallback = StableHash.unit(text)
        if let r = text.range(of: " in ", options: .backwards), let c = ColorWords.firstColor(in: String(text[r.upperBound...])) {
            clothing = c.color
        } else if let c = ColorWords.firstColor(in: text), c.color != hairColor {
            clothing = c.color
        } else {
            clothing = ColorWords.table[Int(fallback * Double(ColorWords.table.count))].1
        }
        let hairs = [RGBColor(40, 28, 20), RGBColor(90, 55, 30), RGBColor(200, 170, 100), RGBColor(130, 60, 30), RGBColor(150, 150, 150)]
        let old = words.contains("old") || words.contains("elderly") || words.contains("aged")
        hair = hairColor ?? (old ? RGBColor(185, 185, 185) : hairs[Int(fallback * 977) % hairs.count])
        let skins = [RGBColor(241, 205, 175), RGBColor(224, 178, 140), RGBColor(190, 140, 100), RGBColor(150, 100, 70), RGBColor(105, 70, 50)]
        skin = skins[Int(StableHash.unit("skin " + text) * Double(skins.count))]
    }
}
