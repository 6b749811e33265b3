import DreamFrameCore
import Foundation

/// What every expansion call may know about the movie: its frame, never its other branches.
public struct MovieContext: Codable, Sendable, Hashable {
    /// The movie's title.
    public var title: String
    /// The movie's genre, e.g. "Drama".
    public var genre: String
    /// The movie's visual style.
    public var style: StyleSpec
    /// The places the movie may use; expansions pick from these.
    public var locations: [String]
    /// The cast with their fixed appearances.
    public var characters: [StoryCharacter]

    /// Creates a context.
    public init(title: String, genre: String, style: StyleSpec, locations: [String], characters: [StoryCharacter]) {
        self.title = title
        self.genre = genre
        self.style = style
        self.locations = locations
        self.characters = characters
    }
}
