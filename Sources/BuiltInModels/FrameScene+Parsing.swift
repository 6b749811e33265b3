import Models
import Foundation

extension FrameScene {
    /// Parses a keyframe description in the paper's form ("generate an image in X style: at <place>, <appearance> is
    /// <verb-ing> ..., with a <expression> face"), also accepting the authors' "In the <place>, ..." variant.
    public init(prompt: String) {
        var body = prompt
        if let colon = body.range(of: ": ") { body = String(body[colon.upperBound...]) }
        body = body.trimmingCharacters(in: .whitespaces)
        let (location, rest) = Self.leadingLocation(in: body)
        self.init(location: location.trimmingCharacters(in: .whitespaces),
                  appearances: Self.appearancePhrases(in: rest),
                  pose: Self.pose(in: rest), expression: Self.expression(in: body))
    }

    /// The place a body opens with ("at the harbor, ..." → "harbor") and the text after its comma; failing that, the
    /// place after the first " at the " and the whole body.
    static func leadingLocation(in body: String) -> (location: String, rest: String) {
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
        return (location, rest)
    }

    /// The first -ing verb of the paper's eight ("is hugging"), else the first word that reads as one of them in any
    /// form, else standing.
    static func pose(in text: String) -> FigurePose {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        if let pose = words.lazy.compactMap({ FigurePose(presentParticiple: $0) }).first { return pose }
        return words.lazy.compactMap({ FigurePose(verb: $0) }).first ?? .stand
    }

    /// The expression right before " face", else the first expression word anywhere, else calm.
    static func expression(in text: String) -> FacialExpression {
        let lower = text.lowercased()
        if let r = lower.range(of: " face") {
            let before = lower[..<r.lowerBound].split(separator: " ").last.map(String.init) ?? ""
            if let expression = FacialExpression(rawValue: before) { return expression }
        }
        let words = lower.split(whereSeparator: { !$0.isLetter }).map(String.init)
        return words.lazy.compactMap({ FacialExpression(rawValue: $0) }).first ?? .calm
    }

    /// "a/an ... man|woman|boy|girl ..." phrases, each running to the next " is ", comma or full stop.
    static func appearancePhrases(in text: String) -> [String] {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var phrases: [String] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i].lowercased()
            if token == "a" || token == "an", personNoun(in: tokens, after: i) {
                let (phrase, end) = appearancePhrase(in: tokens, from: i)
                phrases.append(phrase)
                i = end
            } else {
                i += 1
            }
        }
        return phrases
    }

    /// Words that make an "a ..." phrase describe a person.
    static let personNouns: Set<String> = ["man", "woman", "boy", "girl", "lady", "person"]

    /// Whether a person noun follows the article at `article` within four words, before any comma or full stop.
    static func personNoun(in tokens: [String], after article: Int) -> Bool {
        var j = article + 1
        while j < tokens.count, j <= article + 4 {
            let word = tokens[j].lowercased().trimmingCharacters(in: .punctuationCharacters)
            if personNouns.contains(word) { return true }
            if tokens[j].contains(",") || tokens[j].contains(".") { return false }
            j += 1
        }
        return false
    }

    /// The phrase starting at `start`, up to (not including) "is", "are" or an -ing word, or through a word that ends
    /// in a comma or full stop (dropped); returns it with the index of the first token after it.
    static func appearancePhrase(in tokens: [String], from start: Int) -> (phrase: String, end: Int) {
        var k = start
        var words: [String] = []
        while k < tokens.count {
            let word = tokens[k]
            let lower = word.lowercased()
            if k > start, lower == "is" || lower == "are" || lower.hasSuffix("ing") { break }
            let endsPhrase = word.hasSuffix(",") || word.hasSuffix(".")
            words.append(endsPhrase ? String(word.dropLast()) : word)
            k += 1
            if endsPhrase { break }
        }
        return (words.joined(separator: " "), k)
    }
}
