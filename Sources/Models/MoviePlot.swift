import DreamFrameCore
import Foundation

/// Level 1 answer: the movie prior and its substories.
public struct MoviePlot: Codable, Sendable, Hashable {
    /// The movie's title.
    public var title: String
    /// A paragraph summing up the whole movie (the answer to the whole-movie description question).
    public var overview: String
    /// The movie's genre, e.g. "Drama".
    public var genre: String
    /// The movie's visual style.
    public var style: StyleSpec
    /// At least 12 locations of at most two words.
    public var locations: [String]
    /// 1-2 main and 0-1 supporting characters.
    public var characters: [StoryCharacter]
    /// The level-1 substories, in story order.
    public var substories: [Substory]
    /// The theme the plot was written from.
    public var theme: String

    /// Creates a plot.
    public init(title: String, overview: String, genre: String, style: StyleSpec, locations: [String],
                characters: [StoryCharacter], substories: [Substory], theme: String) {
        self.title = title
        self.overview = overview
        self.genre = genre
        self.style = style
        self.locations = locations
        self.characters = characters
        self.substories = substories
        self.theme = theme
    }

    /// The context every later expansion call receives.
    public var context: MovieContext {
        MovieContext(title: title, genre: genre, style: style, locations: locations, characters: characters)
    }
}
