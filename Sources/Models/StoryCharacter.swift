import DreamFrameCore
import Foundation

/// A character bound to one fixed appearance, used verbatim in every frame so the image model keeps it consistent.
public struct StoryCharacter: Codable, Sendable, Hashable {
    /// The character's name as the story text uses it.
    public var name: String
    /// Main or supporting (see ``CharacterRole``).
    public var role: CharacterRole
    /// The fixed appearance phrase that replaces the name in frame text ("a tall man in a brown coat with a beard").
    public var appearance: String

    /// Creates a character.
    public init(name: String, role: CharacterRole, appearance: String) {
        self.name = name
        self.role = role
        self.appearance = appearance
    }
}
