import Models
import Foundation

extension KeyframeWriter {
    /// `count` dialogue lines in story order, each tied to the event: its reason, the act, how it is done, the other
    /// character's part, the feeling and what should follow.
    func dialogue(count: Int) -> [String] {
        guard count > 0 else { return [] }
        let e = event
        let short = e.namedShort.base
        var lines: [String] = []
        if let other = e.other, !e.reason.contains(other.name) {
            lines.append("\(other.name), \(e.reason).")
        } else {
            lines.append("Remember, \(e.reason).")
        }
        lines.append("I have to \(e.named.base), whatever happens.")
        lines.append("\(StoryText.cap(e.means.base)), that is how we \(short).")
        if e.other != nil, let side = e.side {
            lines.append("Go on, \(e.actor.name), \(e.named.base). I will \(side.base).")
        } else {
            lines.append("Nobody comes to the \(e.place) at this hour, so \(e.object) is safe by \(e.spot).")
        }
        lines.append("\(StoryText.cap(e.feelingCause)). I am \(e.feelingWords.adjective), and \(e.object) is still by \(e.spot).")
        lines.append("Once we \(short), \(e.consequence).")
        let extra = ["Look at \(e.object), right here by \(e.spot).", "We stay at the \(e.place) until \(e.object) is safe.",
                     "Not a word about \(e.object) to anyone outside the \(e.place)."]
        lines += extra
        // The six main lines in order, spread evenly when fewer are wanted; the extra ones only when more are.
        if count >= lines.count { return (0..<count).map { lines[$0 % lines.count] } }
        if count >= 6 { return Array(lines.prefix(count)) }
        return (0..<count).map { lines[count == 1 ? 0 : Int((Double($0) * 5 / Double(count - 1)).rounded())] }
    }
}
