import DreamFrameCore
import Foundation

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

    /// Creates a keyframe.
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
