import Foundation

/// Matches text against a template with `{KEY}` slots ("hides {O} behind {S}"), the inverse of
/// ``VerbPhrase/fill(_:_:)``: level 3 reads level 2's phrases back with it.
enum SlotTemplate {
    /// The slot values if `text` is `template` with its slots filled by non-empty texts, else nil. When a literal
    /// could end a slot at several places, every split is tried.
    static func match(_ template: String, _ text: String) -> [String: String]? {
        let (literals, keys) = parts(of: template)
        guard text.hasPrefix(literals[0]) else { return nil }
        if keys.isEmpty { return text == literals[0] ? [:] : nil }
        return match(Substring(text.dropFirst(literals[0].count)), literals: literals, keys: keys, slot: 0, found: [:])
    }

    private static func match(_ rest: Substring, literals: [String], keys: [String], slot: Int,
                              found: [String: String]) -> [String: String]? {
        let literal = literals[slot + 1]
        if slot == keys.count - 1 {
            guard rest.hasSuffix(literal), rest.count > literal.count else { return nil }
            var done = found
            done[keys[slot]] = String(rest.dropLast(literal.count))
            return done
        }
        var search = rest.startIndex
        while let range = rest.range(of: literal, range: search..<rest.endIndex) {
            if range.lowerBound > rest.startIndex {
                var next = found
                next[keys[slot]] = String(rest[rest.startIndex..<range.lowerBound])
                if let done = match(rest[range.upperBound...], literals: literals, keys: keys, slot: slot + 1, found: next) {
                    return done
                }
            }
            guard range.lowerBound < rest.endIndex else { break }
            search = rest.index(after: range.lowerBound)
        }
        return nil
    }

    /// The literal texts around the slots (one more than the slots) and the slot keys, in order.
    static func parts(of template: String) -> (literals: [String], keys: [String]) {
        var literals: [String] = [], keys: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literals.append(String(rest[..<open]))
            keys.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        literals.append(String(rest))
        return (literals, keys)
    }
}
