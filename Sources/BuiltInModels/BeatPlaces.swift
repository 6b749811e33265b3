import Foundation

/// Where a beat happens: its first scene location and where it leads (the second scene location, or home).
struct BeatPlaces {
    /// The first scene location.
    var here: String
    /// The second scene location, or the hero's home when the scene has one place.
    var there: String

    init(scene: [String], home: String) {
        here = scene[0]
        there = scene.count > 1 ? scene[1] : home
    }
}
