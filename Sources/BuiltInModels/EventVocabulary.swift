import Foundation

/// Word lists a tinystory's event is written from besides its act (``EventAction``): feelings and their causes,
/// what the other character does meanwhile and why, and the pressures and times the slots take.
enum EventVocabulary {
    /// A feeling a character shows ("is worried because …"): the adjective, the face, and causes (slotted clauses).
    struct Feeling: Sendable {
        var adjective: String
        var expression: FacialExpression
        var causes: [String]
    }

    static let feelings: [Feeling] = [
        Feeling(adjective: "worried", expression: .worried,
                causes: ["{X} could come back at any moment", "the {W} is still far away", "{B} has not said a word all day",
                         "the noise outside the {P} grows louder"]),
        Feeling(adjective: "afraid", expression: .fearful,
                causes: ["footsteps are coming closer to the {P}", "{X} is standing right outside",
                         "the candle by {S} is about to go out", "someone has been following them since the {W}"]),
        Feeling(adjective: "glad", expression: .happy,
                causes: ["the plan for the {P} is finally working", "{B} came back from the {W} safe", "{O} is in good hands now",
                         "nobody was hurt at the {W}"]),
        Feeling(adjective: "angry", expression: .angry,
                causes: ["{X} lied about {O}", "{B} broke a promise", "someone has been in the {P} without asking",
                         "a whole week of work at the {P} is ruined"]),
        Feeling(adjective: "calm", expression: .calm,
                causes: ["everything is ready before {T}", "{B} knows what to do", "the {P} is empty and quiet",
                         "there is still time before {T}"]),
        Feeling(adjective: "surprised", expression: .surprised,
                causes: ["{O} is lighter than it looks", "{B} already knew about {O}", "the door of the {P} stands open",
                         "a second copy of the map lies by {S}"]),
        Feeling(adjective: "sad", expression: .sad,
                causes: ["{O} brings back memories of an old friend", "{B} has to leave for the {W} tomorrow",
                         "the {P} will never be the same", "nobody from the {W} came to help"]),
        Feeling(adjective: "determined", expression: .determined,
                causes: ["there is no other way to stop {X}", "{B} is counting on it", "the whole {P} depends on it",
                         "this is the last chance before {T}"]),
        Feeling(adjective: "curious", expression: .thoughtful,
                causes: ["{O} has a mark nobody can explain", "{B} seems to be hiding something",
                         "{S} looks newer than everything else", "a strange smell comes from the {W}"]),
        Feeling(adjective: "moved", expression: .tender,
                causes: ["{B} risked everything to help", "{O} was a gift from {B}", "the people of the {P} are waiting",
                         "{B} stayed when everyone else left"]),
    ]

    /// What the other character does meanwhile, and the pose frames show it in.
    static let sideActs: [(phrase: VerbPhrase, pose: FigurePose)] = [
        (VerbPhrase("stands at the door and keeps watch", "stand at the door and keep watch", "standing at the door and keeping watch"), .stand),
        (VerbPhrase("holds up a lantern", "hold up a lantern", "holding up a lantern"), .hold),
        (VerbPhrase("sits by the window and listens", "sit by the window and listen", "sitting by the window and listening"), .sit),
        (VerbPhrase("talks to the neighbours outside", "talk to the neighbours outside", "talking to the neighbours outside"), .talk),
        (VerbPhrase("walks up and down the street", "walk up and down the street", "walking up and down the street"), .walk),
        (VerbPhrase("looks out for {X}", "look out for {X}", "looking out for {X}"), .look),
        (VerbPhrase("squats by the fire to keep it burning", "squat by the fire to keep it burning", "squatting by the fire to keep it burning"), .squat),
        (VerbPhrase("stands guard at the gate", "stand guard at the gate", "standing guard at the gate"), .stand),
    ]

    /// Why the other character helps, in their own right; `{Bs}` and `{Bp}` are their subject and possessive pronouns.
    static let motives = [
        "{Bs} owes {A} a favour from years ago", "{Bs} wants a share of the reward", "{X} ruined {Bp} family once",
        "{Bs} promised {Bp} mother to look after {A}", "{Bs} wants to prove {Bp} courage", "{Bs} hopes to win back the trust of {A}",
        "{Bs} has a score to settle with {X}", "{Bs} secretly wants {O} for {Bp} own plans",
    ]

    /// Pressures when the substory names no power: who or what the characters hurry against.
    static let pressures = ["the night watch", "the landlord", "a nosy neighbour", "the tax collector", "the old caretaker",
                            "the town gossip"]

    /// Times (clauses after "before" or "until").
    static let times = ["the bells ring at midnight", "the rain stops", "the sun goes down", "the last customer leaves",
                        "the guards change shifts", "the market opens", "the tide comes in", "the lamps are lit"]

    /// More small objects and spots than the older scenes used.
    static let props = StoryVocabulary.props + ["a copper ring", "a bundle of letters", "a glass bottle", "a bone whistle",
                                                "a wax seal", "a pocket compass", "a velvet pouch", "a rusty padlock",
                                                "a painted tile", "a wooden flute", "a silk ribbon", "a tin soldier",
                                                "a stack of receipts", "a carved figure"]
    static let spots = StoryVocabulary.spots + ["a cracked barrel", "the cold fireplace", "a stack of sacks",
                                                "the broken cart", "a row of jars", "the old well", "a low beam",
                                                "the back door"]
}
