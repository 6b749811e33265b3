import Foundation

/// What a character does in a tinystory's event, with what can make it happen, how it is done and what follows.
///
/// Texts hold slots the level-2 writer fills: `{O}` the object, `{S}` the spot, `{P}` the place, `{W}` another place
/// of the substory, `{A}` the actor, `{B}` the other character, `{X}` the pressure on them (an opponent, a power),
/// `{T}` a time ("the bells ring at midnight"). A text with `{B}` is only used when there is another character.
struct EventAction: Sendable {
    /// The act: "hides {O} behind {S}".
    var phrase: VerbPhrase
    /// The act without its spot: "hides {O}" (questions that name the place instead).
    var short: VerbPhrase
    /// Poses the frames showing the act use.
    var poses: [FigurePose]
    /// The face the act usually wears.
    var mood: FacialExpression
    /// Why it is done (clauses after "because").
    var reasons: [String]
    /// How it is done (verb phrases of the actor: "wraps it in a woollen scarf first").
    var means: [VerbPhrase]
    /// What follows (clauses after "As a result,").
    var consequences: [String]

    /// Whether the act needs a second character.
    var needsOther: Bool { phrase.third.contains("{B}") }

    init(_ phrase: VerbPhrase, short: VerbPhrase, poses: [FigurePose], mood: FacialExpression, reasons: [String],
         means: [VerbPhrase], consequences: [String]) {
        self.phrase = phrase
        self.short = short
        self.poses = poses
        self.mood = mood
        self.reasons = reasons
        self.means = means
        self.consequences = consequences
    }

    /// Whether `text` only uses slots that are available (`{B}` needs another character).
    static func usable(_ text: String, hasOther: Bool) -> Bool {
        hasOther || !text.contains("{B}")
    }
}
