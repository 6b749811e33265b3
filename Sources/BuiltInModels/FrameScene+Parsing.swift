import Models
import Imaging
import DreamFrameCore
import Foundation

extension FrameScene {
    /// Parses a keyframe description in the paper's form ("generate an image in X style: at <place>, <appearance> is
    /// <verb-ing> ..., with a <expression> face"), also accepting the authors' "In the <place>, ..." variant.
    public init(prompt: String) {
        var body = prompt
        if let colon = body.range(of: ": ") { body = String(body[colon.upperBound...]) }
        body = body.trimmingCharacters(in: .whitespaces)
        let lower = body.lowercased()
        var location = ""
        var rest = body
        for lead in ["at ", "in ", "on ", "inside ", "near "] where lower.hasPrefix(lead) {
            if let comma = body.firstIndex(of: ",") {
                location = String(body[body.index(body.startIndex, offsetBy: lead.count)..<comma])
                rest = String(body[body.index(after: comma)...])
            }
            break
        }
        if location.lowercased().hasPrefix("the ") { location = String(location.dropFirst(4)) }
        if location.isEmpty, let r = lower.range(of: " at the ") {
            let tail = body[r.upperBound...]
            location = String(tail.prefix { $0 != "," && $0 != "." })
        }
        self.init(location: location.trimmingCharacters(in: .whitespaces),
                  appearances: Self.appearancePhrases(in: rest),
                  verb: Self.verb(in: rest), expression: Self.expression(in: body))
    }

    static func verb(in text: String) -> String {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        let ingForms = ["standing", "sitting", "looking", "talking", "holding", "squatting", "walking", "hugging"]
        if let w = words.first(where: { ingForms.contains($0) }) { return FigurePose(verb: w)!.rawValue }
        for w in words { if let p = FigurePose(verb: w) { return p.rawValue } }
        return FigurePose.stand.rawValue
    }

    static func expression(in text: String) -> String {
        let lower = text.lowercased()
        if let r = lower.range(of: " face") {
            let before = lower[..<r.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            if expressions.contains(before) { return before }
        }
        let words = lower.split(whereSeparator: { !$0.isLetter }).map(String.init)
        return words.first(where: { expressions.contains($0) }) ?? "calm"
    }

    /// "a/an ... man|woman|boy|girl ..." phrases, each running to the next " is ", comma or full stop.
    static func appearancePhrases(in text: String) -> [String] {
        let people: Set<String> = ["man", "woman", "boy", "girl", "lady", "person"]
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var out: [String] = []
        var i = 0
        while i < tokens.count {
            let t = tokens[i].lowercased()
            if t == "a" || t == "an" {
                // The head noun must follow within four words, before any punctuation.
                var j = i + 1, found = false
                while j < tokens.count, j <= i + 4 {
                    let w = tokens[j].lowercased().trimmingCharacters(in: .punctuationCharacters)
                    if people.contains(w) { found = true; break }
                    if tokens[j].contains(",") || tokens[j].contains(".") { break }
                    j += 1
                }
                if found {
                    var k = i, phrase: [String] = []
                    while k < tokens.count {
                        let w = tokens[k]
                        if k > i, w.lowercased() == "is" || w.lowercased() == "are" || w.lowercased().hasSuffix("ing") { break }
                        let end = w.hasSuffix(",") || w.hasSuffix(".")
                        phrase.append(end ? String(w.dropLast()) : w)
                        k += 1
                        if end { break }
                    }
                    out.append(phrase.joined(separator: " "))
                    i = k
                    continue
                }
            }
            i += 1
        }
        return out
    }
}
