import Models
import Imaging
import DreamFrameCore
import Foundation

/// The small world model a built-in plot is written from: who wants what and why, what stands in the way, where
/// things happen and how it ends. Every QA pair is asked from these facts, and every fact is written into the text.
struct StoryWorld: Sendable {
    enum Conflict: String, Sendable, CaseIterable { case antagonist, nature, society, inner, secret }

    var setting: StorySetting
    var theme: String
    var genre: StoryGenre
    var style: StyleSpec
    var arc: StoryArc
    var conflict: Conflict
    var hero: StoryCast
    var partner: StoryCast?
    /// Supporting character: a mentor when the opponent is a power, else the rival.
    var third: StoryCast?
    var locations: [String]
    /// The thing at stake ("the brass compass").
    var treasure: String
    /// What the hero wants, as a base verb phrase ("recover the brass compass").
    var goal: String
    /// Why, as a clause ("the brass compass belonged to his late father").
    var motive: String
    /// Who or what opposes the hero (a name or "the harbor master").
    var opponent: String
    /// What stands in the way, as a clause.
    var obstacle: String
    /// How the hero finally wins, as a base verb phrase.
    var method: String
    /// A found clue (noun phrase) and what it reveals (clause).
    var clue: String
    var revelation: String
    /// What the hero must overcome inside (noun phrase).
    var flaw: String
    var home: String
    var goalPlace: String
    var threat: String
    /// What the hero comes to want as well, halfway through (a base verb phrase), and why (a clause).
    var newGoal = ""
    var turnReason = ""
    /// The ally's own reason to help (a verb phrase after "he" or "she": "owes Mara a favour from years ago").
    var allyMotive = ""

    /// The public character list: 1-2 main, 0-1 supporting.
    var characters: [StoryCharacter] { [hero, partner, third].compactMap { $0?.character } }
}
