import Models
import Imaging
import DreamFrameCore
import Foundation

/// Maps a style's words (keyword, tone, description) to a target style vector, used to render reference images
/// when none are supplied. Deterministic in the text.
public enum StyleDescriptionTargets {
    /// (cue words, [(vector index, contribution)]).
    static let cues: [([String], [(Int, Float)])] = [
        (["dark", "gloomy", "moody", "noir", "shadow", "shadows", "shadowy", "somber", "sombre", "grim", "night"], [(3, -1.1), (2, 0.8), (15, 1.4), (8, 1.0)]),
        (["bright", "sunny", "cheerful", "light", "airy", "luminous", "radiant"], [(3, 1.0), (16, -0.8), (15, -1.0)]),
        (["warm", "golden", "sunset", "amber", "cozy", "cosy", "nostalgic"], [(4, 1.5), (5, 0.4)]),
        (["cold", "cool", "icy", "steel", "wintry", "clinical", "futuristic"], [(4, -1.5), (7, 0.8)]),
        (["vivid", "vibrant", "saturated", "colorful", "colourful", "anime", "lively", "playful"], [(1, 1.6), (13, 0.8)]),
        (["muted", "faded", "desaturated", "washed", "vintage", "sepia", "dusty", "historical"], [(1, -1.4), (5, 0.6), (6, 0.3)]),
        (["monochrome", "grayscale", "greyscale", "black-and-white"], [(1, -4)]),
        (["dramatic", "high-contrast", "stark", "intense", "epic", "cinematic", "tense"], [(2, 1.4), (15, 0.9)]),
        (["soft", "gentle", "dreamy", "pastel", "hazy", "tender", "romantic", "whimsical"], [(2, -1.1), (3, 0.5), (1, -0.3), (6, 0.2)]),
        (["grainy", "gritty", "film", "rough", "raw", "documentary", "harsh"], [(9, 2.2)]),
        (["sketch", "pencil", "ink", "etched", "engraving", "hatched", "crosshatched", "woodcut"], [(10, 2.6), (13, 1.5), (14, 2)]),
        (["painterly", "oil", "watercolor", "watercolour", "flat", "cel", "poster", "graphic", "storybook"], [(12, 2.2)]),
        (["bold", "outlined", "cartoon", "comic", "lines", "animated"], [(13, 2.5), (14, 2.2)]),
        (["green", "emerald", "verdant", "lush"], [(6, 1.0)]),
        (["red", "crimson", "blood", "fiery", "passionate"], [(5, 1.2), (1, 0.4)]),
        (["purple", "violet", "neon", "magical", "mystical"], [(5, 0.6), (7, 1.1), (1, 0.6)]),
        (["eerie", "horror", "ghostly", "haunting", "sinister", "uncanny"], [(1, -0.9), (6, 0.5), (3, -0.7), (9, 0.8)]),
        (["blue", "melancholy", "melancholic", "sad", "lonely"], [(7, 1.0), (4, -0.6)]),
    ]

    /// The target vector (``StyleParameters/dimension`` floats) for a style.
    public static func vector(for style: StyleSpec) -> [Float] {
        let text = [style.keyword, style.tone, style.description].joined(separator: " ").lowercased()
        let words = Set(text.split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init))
        var v = [Float](repeating: 0, count: StyleParameters.dimension)
        for (cueWords, effects) in cues where cueWords.contains(where: words.contains) {
            for (i, d) in effects { v[i] += d }
        }
        // A small deterministic signature so different descriptions never share exactly one look.
        for i in 0..<v.count {
            v[i] += Float(StableHash.unit("style \(i) " + text) - 0.5) * 0.4
        }
        return v
    }
}
