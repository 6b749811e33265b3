import Models
import Imaging
import DreamFrameCore
import Foundation

/// A story world the built-in story model can set a movie in: its era phrase, places, trades, treasures and threats.
struct StorySetting: Sendable, Hashable {
    /// Which world this is.
    var id: StorySettingID
    /// Where and when, after "set": "in a walled medieval city".
    var era: String
    /// Words in a theme that point to this setting.
    var cues: [String]
    /// At least 14 places of at most two words.
    var locations: [String]
    /// Occupations for characters ("blacksmith").
    var trades: [String]
    /// Things worth wanting ("the silver compass").
    var treasures: [String]
    /// Dangers that press on everyone ("a siege by a foreign army").
    var threats: [String]
    /// Titles for a figure of power in this world ("the baron").
    var powers: [String]
}
