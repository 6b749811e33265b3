import Foundation
import Testing
@testable import BuiltInModels

/// ``VerbPhrase/fill(_:_:)`` fills slots in one pass with exactly what one `replacingOccurrences` per slot gave.
@Suite("Verb phrase slots")
struct VerbPhraseFillTests {
    /// The replacement the one-pass fill took over from.
    static func replacingEachSlot(_ template: String, _ slots: [String: String]) -> String {
        slots.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    @Test("every phrase of the catalog fills as one replacement per slot does")
    func catalogFillsAsBefore() {
        let slots = ["O": "the brass key", "S": "the old well", "B": "a tall woman in a red coat"]
        var phrases = 0
        for action in EventAction.catalog {
            let texts = ([action.phrase, action.short] + action.means).flatMap { [$0.third, $0.base, $0.ing] }
                + action.reasons + action.consequences
            for text in texts {
                #expect(VerbPhrase.fill(text, slots) == Self.replacingEachSlot(text, slots), "\(text)")
                phrases += 1
            }
        }
        #expect(phrases > 30)
    }

    @Test("unknown, unclosed, nested and repeated braces fill as before", arguments: [
        "gives {O} to {B} at {S}", "{O}{O}{S}", "a {X} stays", "unclosed {O", "{{O}}", "{}", "{", "}{O}{", "é {S} ü",
        "no slots at all", "",
    ])
    func oddTemplates(_ template: String) {
        let slots = ["O": "it", "S": "there", "B": ""]
        #expect(VerbPhrase.fill(template, slots) == Self.replacingEachSlot(template, slots))
    }
}
