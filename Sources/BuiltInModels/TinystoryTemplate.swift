import Foundation

/// The small events a level-2 tinystory can be written from.
enum TinystoryTemplate: CaseIterable {
    /// The hero arrives and notices an object.
    case notice
    /// Someone warns the hero.
    case warning
    /// The hero waits, seated.
    case wait
    /// The hero hides an object.
    case hide
    /// The hero repairs an object.
    case repair
    /// The hero and the second character walk somewhere together (needs a second character).
    case walkTogether
    /// The hero hugs the second character (needs a second character).
    case hug
    /// The hero squats to study an object.
    case study

    /// Whether the template needs a second character.
    var needsPartner: Bool { self == .walkTogether || self == .hug }
}
