import DreamFrameCore
import Foundation

/// What every expansion call may know about the movie: its frame, never its other branches.
public struct MovieContext: Codable, Sendable, Hashable {
    public var title: String
    public var genre: String
    public var style: StyleSpec
    public var locations: [String]
    public var characters: [StoryCharacter]

    public init(title: String, genre: String, style: StyleSpec, locations: [String], characters: [StoryCharacter]) {
        self.title = title
        self.genre = genre
        self.style = style
        self.locations = locations
        self.characters = characters
    }
}

/// Level 1: write a movie's prior and its substories.
public struct PlotRequest: Codable, Sendable, Hashable {
    public var seed: UInt64
    /// A theme phrase such as "A love story about a duchess and a commoner"; nil lets the model pick.
    public var theme: String?
    public var substoryCount: Int

    public init(seed: UInt64, theme: String?, substoryCount: Int) {
        self.seed = seed
        self.theme = theme
        self.substoryCount = substoryCount
    }
}

/// Level 1 answer: the movie prior and its substories.
public struct MoviePlot: Codable, Sendable, Hashable {
    public var title: String
    public var overview: String
    public var genre: String
    public var style: StyleSpec
    /// At least 12 locations of at most two words.
    public var locations: [String]
    /// 1-2 main and 0-1 supporting characters.
    public var characters: [StoryCharacter]
    public var substories: [Substory]
    /// The theme the plot was written from.
    public var theme: String

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

/// Level 2: expand one substory into tinystories.
public struct SubstoryRequest: Codable, Sendable, Hashable {
    public var seed: UInt64
    public var movie: MovieContext
    public var substory: Substory
    public var tinystoryCount: Int

    public init(seed: UInt64, movie: MovieContext, substory: Substory, tinystoryCount: Int) {
        self.seed = seed
        self.movie = movie
        self.substory = substory
        self.tinystoryCount = tinystoryCount
    }
}

/// Level 2 answer: tinystories and one QA pair.
public struct SubstoryExpansion: Codable, Sendable, Hashable {
    public var tinystories: [Tinystory]
    public var qa: QAPair

    public init(tinystories: [Tinystory], qa: QAPair) {
        self.tinystories = tinystories
        self.qa = qa
    }
}

/// Level 3: expand one tinystory into keyframes, dialogue and QA.
public struct TinystoryRequest: Codable, Sendable, Hashable {
    public var seed: UInt64
    public var movie: MovieContext
    /// The parent substory's content (for continuity), not its siblings.
    public var substoryContent: String
    public var tinystory: Tinystory
    public var keyframeCount: Int

    public init(seed: UInt64, movie: MovieContext, substoryContent: String, tinystory: Tinystory, keyframeCount: Int) {
        self.seed = seed
        self.movie = movie
        self.substoryContent = substoryContent
        self.tinystory = tinystory
        self.keyframeCount = keyframeCount
    }
}

/// Level 3 answer: keyframes (with dialogue lines attached) and two QA pairs.
public struct TinystoryExpansion: Codable, Sendable, Hashable {
    public var keyframes: [Keyframe]
    public var qa: [QAPair]

    public init(keyframes: [Keyframe], qa: [QAPair]) {
        self.keyframes = keyframes
        self.qa = qa
    }
}
