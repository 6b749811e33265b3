import Foundation

/// The frame an outdoor background is drawn in: the canvas size, where the horizon lies and the time of day.
struct Outdoors {
    /// Canvas width and height in pixels.
    let width: Double, height: Double
    /// The y of the horizon; the sky is above it.
    let horizon: Double
    /// The time of day.
    let time: TimeOfDay

    /// How brightly the ground and buildings are lit.
    var light: Double { time.light }
}
