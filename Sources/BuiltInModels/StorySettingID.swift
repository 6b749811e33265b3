import Foundation

/// The names of the built-in worlds a movie can be set in (see ``StoryTheme/setting``).
public enum StorySettingID: String, Sendable, CaseIterable {
    /// A walled medieval city.
    case medieval
    /// A fishing village on a stormy coast.
    case coast
    /// A busy modern city.
    case city
    /// A distant space colony.
    case space
    /// A lonely manor on the misty moors.
    case gothic
    /// An ancient desert kingdom.
    case desert
    /// A snowbound mountain village.
    case mountain
    /// A quiet small town.
    case town
    /// An enchanted forest kingdom.
    case fantasy
}
