import ArgumentParser
import Foundation
import Models
import Pipeline

/// What `dreamframe render` and `dreamframe bench render` draw from: a story's document and a style embedding, read
/// from the `--story` and `--style` files with errors that name the flag.
struct RenderInputs {
    /// The story, from a `dreamframe story` JSON file.
    var document: StoryDocument
    /// The style, from a `dreamframe style learn --out` JSON file (or a run's `styles/` folder).
    var embedding: StyleEmbedding

    /// Reads both files; a missing or malformed one is a usage error naming its flag.
    init(story: String, style: String) throws {
        guard FileManager.default.isReadableFile(atPath: story) else {
            throw ValidationError("--story: '\(story)' is not a readable file (expected a story JSON from 'dreamframe story')")
        }
        do { document = try StoryDocument.load(URL(fileURLWithPath: story)) } catch { throw ValidationError("--story: \(error)") }
        guard let data = FileManager.default.contents(atPath: style),
              let embedding = try? JSONDecoder().decode(StyleEmbedding.self, from: data) else {
            throw ValidationError("--style: '\(style)' is not a style embedding JSON")
        }
        self.embedding = embedding
    }
}
