import DreamFrameCore
import Foundation

/// Sizes of the three-level expansion: substories per movie, tinystories per substory, keyframes per tinystory.
public struct Branching: Codable, Sendable, Hashable, CustomStringConvertible {
    /// Substories per movie (level 1).
    public var substories: Int
    /// Tinystories per substory (level 2).
    public var tinystories: Int
    /// Keyframes per tinystory (level 3).
    public var keyframes: Int

    /// Creates a branching from its three sizes.
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

    /// The "a,b,c" form ``init(parsing:)`` reads.
    public var description: String { "\(substories),\(tinystories),\(keyframes)" }

    /// Parses "a,b,c" with each part in 1...64.
    public init?(parsing text: String) {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let c = parts[2],
              (1...64).contains(a), (1...64).contains(b), (1...64).contains(c) else { return nil }
        self.init(substories: a, tinystories: b, keyframes: c)
    }
}
