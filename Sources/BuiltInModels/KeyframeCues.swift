import Models
import Foundation

/// What a tinystory's frames are built around: the place, an object, a spot and a seat there, and the mood, each
/// taken from the tinystory's text when it names one and drawn at random otherwise.
struct KeyframeCues {
    /// The location every frame shows.
    var location: String
    /// A small object ("a brass key") held or looked at.
    var prop: String
    /// A place inside the location ("the wooden counter") to stand near or squat beside.
    var spot: String
    /// Something to sit on.
    var seat: String
    /// The tinystory's main expression.
    var mood: FacialExpression

    /// Reads the cues from `tinystory`, drawing the missing ones from `rng` (in the order prop, spot, seat, mood).
    init(tinystory: Tinystory, movie: MovieContext, rng: inout SeededGenerator) {
        let text = tinystory.content.lowercased()
        prop = StoryVocabulary.props.first { text.contains($0) }
            ?? StoryVocabulary.mentionedObject(in: tinystory.content) ?? rng.pick(StoryVocabulary.props)
        spot = StoryVocabulary.spots.first { text.contains($0) } ?? rng.pick(StoryVocabulary.spots)
        seat = StoryVocabulary.seats.first { text.contains($0) } ?? rng.pick(StoryVocabulary.seats)
        mood = Self.mood(of: text) ?? rng.pick(FacialExpression.allCases)
        location = tinystory.location.isEmpty ? (movie.locations.first ?? "square") : tinystory.location
    }

    /// The expression the tinystory's verbs suggest ("hugs" is tender, "hides" fearful), or nil.
    static func mood(of text: String) -> FacialExpression? {
        if text.contains("hugs") || text.contains("safe") { return .tender }
        if text.contains("warns") { return .worried }
        if text.contains("hides") { return .fearful }
        if text.contains("repairs") || text.contains("finally") { return .determined }
        if text.contains("waits") || text.contains("study") { return .thoughtful }
        return nil
    }
}
