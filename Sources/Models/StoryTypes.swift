import DreamFrameCore
import Foundation

/// The four question types the paper allows, plus the single whole-movie description question.
public enum QAType: String, Codable, Sendable, CaseIterable {
    case what, why, how, `where`, describe
}

/// One question-answer pair about a movie.
public struct QAPair: Codable, Sendable, Hashable {
    public var question: String
    public var answer: String
    public var type: QAType

    public init(question: String, answer: String, type: QAType) {
        self.question = question
        self.answer = answer
        self.type = type
    }
}

/// A character bound to one fixed appearance, used verbatim in every frame so the image model keeps it consistent.
public struct StoryCharacter: Codable, Sendable, Hashable {
    /// The character's name as the story text uses it.
    public var name: String
    /// `main` or `supporting`.
    public var role: String
    /// The fixed appearance phrase that replaces the name in frame text ("a tall man in a brown coat with a beard").
    public var appearance: String

    public init(name: String, role: String, appearance: String) {
        self.name = name
        self.role = role
        self.appearance = appearance
    }
}

/// The movie's visual style: tone words plus ONE keyword the style learner binds an embedding to.
public struct StyleSpec: Codable, Sendable, Hashable {
    /// The single style keyword, e.g. "Dramatic".
    public var keyword: String
    /// Story tone adjectives and key phrases.
    public var tone: String
    /// A detailed description of the look, used to render references when none are given.
    public var description: String

    public init(keyword: String, tone: String, description: String) {
        self.keyword = keyword
        self.tone = tone
        self.description = description
    }
}

/// A level-1 substory: its scene, its content and one QA pair.
public struct Substory: Codable, Sendable, Hashable {
    public var index: Int
    /// 1-3 locations taken from the movie's locations.
    public var scene: [String]
    public var content: String
    public var qa: QAPair

    public init(index: Int, scene: [String], content: String, qa: QAPair) {
        self.index = index
        self.scene = scene
        self.content = content
        self.qa = qa
    }
}

/// A level-2 tinystory inside a substory.
public struct Tinystory: Codable, Sendable, Hashable {
    public var index: Int
    /// The location the tinystory happens at.
    public var location: String
    public var content: String

    public init(index: Int, location: String, content: String) {
        self.index = index
        self.location = location
        self.content = content
    }
}

/// A level-3 keyframe: its description in the paper's form plus the structured facts it was written from.
public struct Keyframe: Codable, Sendable, Hashable {
    /// "generate an image in <style> style: at <place>, <appearance> is <verb> ..., with a <expression> face".
    public var description: String
    /// The location shown.
    public var location: String
    /// Names of the characters in the frame (their appearances are in the description).
    public var characters: [String]
    /// One of the paper's verbs: stand, sit, look, talk, hold, squat, walk, hug.
    public var verb: String
    /// The facial expression of the acting character.
    public var expression: String
    /// A dialogue line spoken right after this frame, if any.
    public var dialogue: String?

    public init(description: String, location: String, characters: [String], verb: String,
                expression: String, dialogue: String? = nil) {
        self.description = description
        self.location = location
        self.characters = characters
        self.verb = verb
        self.expression = expression
        self.dialogue = dialogue
    }
}

/// Sizes of the three-level expansion: substories per movie, tinystories per substory, keyframes per tinystory.
public struct Branching: Codable, Sendable, Hashable, CustomStringConvertible {
    public var substories: Int
    public var tinystories: Int
    public var keyframes: Int

    public init(substories: Int, tinystories: Int, keyframes: Int) {
        self.substories = substories
        self.tinystories = tinystories
        self.keyframes = keyframes
    }

    /// The paper's expansion, 11 x 11 x 11.
    public static let paper = Branching(substories: 11, tinystories: 11, keyframes: 11)
    /// A small default that runs in seconds.
    public static let small = Branching(substories: 3, tinystories: 2, keyframes: 3)

    /// Keyframes in one movie.
    public var framesPerMovie: Int { substories * tinystories * keyframes }
    /// Level-3 calls in one movie.
    public var tinystoriesPerMovie: Int { substories * tinystories }

    public var description: String { "\(substories),\(tinystories),\(keyframes)" }

    /// Parses "a,b,c" with each part in 1...64.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2],
              (1...64).contains(a), (1...64).contains(b), (1...64).contains(c) else { return nil }
        self.init(substories: a, tinystories: b, keyframes: c)
    }
}
