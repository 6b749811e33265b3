import Foundation

extension StoryWorld {
    /// Why the hero wants the treasure; `{T}` is the treasure, `{P}` the hero's possessive, `{S}` the hero's subject.
    static let motives = ["{T} belonged to {P} late father", "{P} family will lose everything without it",
                          "{P} best friend was blamed for its loss", "{S} promised a dying friend to keep it safe",
                          "it is the only way to pay {P} debts", "{S} wants to prove {P} worth to everyone"]
    /// How the hero finally wins, as base verb phrases.
    static let methods = ["trick the guards with a forged letter", "climb through a hidden passage",
                          "gather the neighbours to stand together", "use an old map to find a safer route",
                          "offer a fair trade instead of a fight", "reveal the truth in front of everyone",
                          "repair the broken mechanism just in time", "follow the tracks through the night"]
    /// Clues the hero finds.
    static let clues = ["a torn map with a red mark", "a muddy footprint by the door", "a letter signed with a false name",
                        "a scrap of blue cloth", "a key that fits no known lock", "a hidden page in an old ledger"]
    /// What holds the hero back inside.
    static let flaws = ["the fear of failing again", "a stubborn pride", "a guilty secret from the past",
                        "the habit of trusting nobody", "a temper that ruins every plan"]
    /// Words in a requested theme that decide its genre ("A love story ..." is a romance).
    static let genreHints: [(word: String, genre: StoryGenre)] = [
        ("love", .romance), ("romance", .romance), ("murder", .mystery), ("detective", .crime), ("ghost", .horror),
        ("haunted", .horror), ("war", .historical), ("storm", .disaster), ("magic", .fantasy), ("dragon", .fantasy),
        ("robot", .sciFi), ("space", .sciFi),
    ]
}
