import DreamFrameCore
import Foundation
import Models
import Pipeline

/// Draws a style's reference images from its description through the image model the renderer uses — the
/// paper's Style Immobilization: 12 locations × 5 images from the detailed style description — for a learner that
/// trains from images when the movie brought none.
///
/// One prompt per location of the movie (`generate an image in <keyword> style: <description>, at <location>`),
/// `perLocation` seeds each, at the run's frame size, into `<run>/styles/<style-id>/refs/<location>-<k>.png`
/// through a temporary file and a rename. A file already there is kept, so a learner that died half way and the
/// next holder of the lease share what was drawn; everything is deterministic by the style.
public struct StyleReferences: Sendable {
    /// The image model that draws them.
    let model: any ImageModel
    /// Images per location (the paper's 5).
    let perLocation: Int
    /// At most this many locations (the paper's 12).
    let locations: Int
    /// Drawn at once.
    let parallel: Int

    /// Draws `perLocation` images for each of at most `locations` locations, `parallel` at a time.
    public init(model: any ImageModel, perLocation: Int = 5, locations: Int = 12, parallel: Int = 4) {
        self.model = model
        self.perLocation = max(1, perLocation)
        self.locations = max(1, locations)
        self.parallel = max(1, parallel)
    }

    /// How the references are drawn, for the style's identity (another count is another style).
    public var identity: String { "\(locations)x\(perLocation)" }

    /// The movie's reference images, drawn where missing; sorted by name.
    func draw(for message: LearnStyle, styleId: String, context: StageContext, fileWait: Duration) async throws -> [URL] {
        let movie = message.movie
        let storyURL = context.layout.story(movie)
        try await SharedFiles.require(storyURL, what: "story.json of \(movie)", limit: fileWait)
        let story = try StoryDocument.load(storyURL)
        guard let run = try await context.state.run(movie.runId) else {
            throw StageError.transient("run \(movie.runId) is not in Redis (its record is needed for the frame size)")
        }
        let folder = context.layout.styleReferences(runId: movie.runId, styleId: styleId)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let places = Array((story.locations ?? []).prefix(locations))
        guard !places.isEmpty else { throw StageError.permanent("story.json of \(movie) lists no locations to draw the style at") }
        var jobs: [(url: URL, request: RenderRequest)] = []
        for (index, place) in places.enumerated() {
            for k in 0..<perLocation {
                let url = folder.appendingPathComponent(String(format: "%02d-%d.png", index + 1, k + 1))
                guard !FileManager.default.fileExists(atPath: url.path) else { continue }
                let prompt = "generate an image in \(message.style.keyword) style: \(message.style.description), at \(place)"
                jobs.append((url, RenderRequest(prompt: prompt, hints: nil, style: nil,
                                                seed: StableHash.subSeed(0, "\(styleId)/ref/\(index)/\(k)"),
                                                width: run.width, height: run.height)))
            }
        }
        if !jobs.isEmpty {
            context.logger.info("drawing style reference images", metadata: [
                "style": "\(styleId)", "images": "\(jobs.count)", "locations": "\(places.count)", "folder": "\(folder.path)",
            ])
        }
        let model = self.model
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = jobs.makeIterator()
            for _ in 0..<parallel {
                guard let job = next.next() else { break }
                group.addTask { try AtomicFile.write(try await model.render(job.request), to: job.url) }
            }
            while try await group.next() != nil {
                guard let job = next.next() else { continue }
                group.addTask { try AtomicFile.write(try await model.render(job.request), to: job.url) }
            }
        }
        return try StyleIdentity.referenceImages(in: folder.path)
    }
}
