import Foundation

/// A verb phrase in the three forms the story model writes it in: third person ("hides {O} behind {S}"), base
/// ("hide {O} behind {S}", after "does" or "to") and -ing ("hiding {O} behind {S}", in frame descriptions).
///
/// The phrases may hold slots — `{O}` the object, `{S}` the spot, `{B}` the other character — that ``fill(_:)``
/// replaces. Level 2 writes the third-person form into a tinystory; level 3 recognises it there (``EventLexicon``)
/// and asks its questions in the base form.
struct VerbPhrase: Sendable, Hashable {
    var third: String
    var base: String
    var ing: String

    init(_ third: String, _ base: String, _ ing: String) {
        self.third = third
        self.base = base
        self.ing = ing
    }

    /// The phrase with its slots filled.
    func fill(_ slots: [String: String]) -> VerbPhrase {
        VerbPhrase(Self.fill(third, slots), Self.fill(base, slots), Self.fill(ing, slots))
    }

    /// `template` with every `{KEY}` of `slots` replaced, in one pass (a `{...}` that names no slot stays as it is).
    /// Foundation's `replacingOccurrences` per slot went through `NSString` and was a fifth of the story expander's
    /// CPU.
    static func fill(_ template: String, _ slots: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var filled = ""
        filled.reserveCapacity(template.utf8.count + 32)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            filled += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let value = slots[String(rest[afterOpen..<close])] {
                filled += value
                rest = rest[rest.index(after: close)...]
            } else {
                filled += "{"
                rest = rest[afterOpen...]
            }
        }
        filled += rest
        return filled
    }
}
