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

    /// `template` with every `{KEY}` of `slots` replaced.
    static func fill(_ template: String, _ slots: [String: String]) -> String {
        guard template.contains("{") else { return template }
        return slots.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
}
