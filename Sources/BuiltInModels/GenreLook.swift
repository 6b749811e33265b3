import Foundation

/// How movies of one genre look: style keywords, tone words, look descriptions and the worlds they favour.
struct GenreLook {
    /// One-word style keywords ("Dramatic").
    var keywords: [String]
    /// Tone adjectives.
    var tones: [String]
    /// Descriptions of the look, for the style learner.
    var looks: [String]
    /// The worlds the genre suits best.
    var settings: [StorySettingID]
}
