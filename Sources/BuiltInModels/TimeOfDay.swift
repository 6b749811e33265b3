import Imaging
import Foundation

/// The time of day an outdoor location is drawn at, chosen once per location name.
enum TimeOfDay: CaseIterable {
    case day, dusk, night

    /// The sky's gradient, top to bottom.
    var sky: (top: RGBColor, bottom: RGBColor) {
        switch self {
        case .day: return (RGBColor(90, 150, 225), RGBColor(190, 220, 245))
        case .dusk: return (RGBColor(70, 60, 130), RGBColor(245, 150, 90))
        case .night: return (RGBColor(12, 16, 45), RGBColor(45, 55, 100))
        }
    }

    /// How brightly the ground and buildings are lit (a factor on their colours).
    var light: Double {
        switch self {
        case .day: return 1.0
        case .dusk: return 0.8
        case .night: return 0.45
        }
    }
}
