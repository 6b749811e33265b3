import Models
import Clients
import DreamFrameCore
import Foundation

/// Brings a story in the authors' format (already expanded: `character`, `img_diag`, `QA`, `overview`) into the
/// pipeline after expansion: the movie's style is learned (or taken from the cache), every frame rendered, the QA
/// validated and the movie exported like any other.
public struct StoryImporter: Sendable {
    public let state: any PipelineStore
    public let publisher: any MessagePublisher
    public let topology: Topology
    public let layout: OutputLayout

    public init(state: any PipelineStore, publisher: any MessagePublisher, topology: Topology, layout: OutputLayout) {
        self.state = state
        self.publisher = publisher
        self.topology = topology
        self.layout = layout
    }

    /// Imports `file` as one movie of a new run and returns the movie.
    public func importStory(_ file: URL, runId: String, styleImages: String?, width: Int, height: Int) async throws -> MovieRef {
        var story = try StoryDocument.load(file)
        let frameCount = story.frameDescriptions.count
        guard frameCount > 0 else { throw StageError.permanent("\(file.path) has no frames in img_diag") }
        let movieId = OutputLayout.sanitize(file.deletingPathExtension().lastPathComponent)
        try MessageCheck.checkSubmission(runId: runId, movieId: movieId)
        let movie = MovieRef(runId: runId, movieId: movieId)
        story.videoId = movieId
        story.runId = runId
        let keyword = story.style?.keyword ?? Self.styleKeyword(in: story.frameDescriptions.first ?? "") ?? "Imported"
        let style = story.style
            ?? StyleSpec(keyword: keyword, tone: "", description: "\(keyword) style, as the imported story's frames ask")
        story.style = style
        if story.title == nil { story.title = movieId }
        // One pseudo-tinystory holding every frame, so progress and ETA read the same as for generated movies.
        let branching = Branching(substories: 1, tinystories: 1, keyframes: frameCount)
        story.branching = branching
        try AtomicFile.writeJSON(story, to: layout.story(movie))
        let run = RunRecord(runId: runId, movies: 1, seed: 0, branching: branching, themes: ["imported: \(file.lastPathComponent)"],
                            width: width, height: height, styleImages: styleImages, createdAt: Date().timeIntervalSince1970)
        try await state.createRun(run, movieIds: [movieId])
        try await state.setState(movie, .styling, [.title: story.title ?? movieId, .style: keyword,
                                                   .expectedFrames: String(frameCount), .frames: String(frameCount)])
        try await state.markProgress(.plotWriter, index: 0, movie: movie)
        try await state.markProgress(.storyExpander, index: 0, movie: movie)
        let learn = NextMessages.learnStyle(movie, style: style, referenceImages: styleImages)
        try await publisher.publish([try topology.outgoing(learn)])
        return movie
    }

    /// The `<keyword>` of "generate an image in <keyword> style: …".
    static func styleKeyword(in description: String) -> String? {
        guard let start = description.range(of: "image in "), let end = description.range(of: " style", range: start.upperBound..<description.endIndex) else { return nil }
        let keyword = description[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
        return keyword.isEmpty || keyword.count > 40 ? nil : keyword
    }
}
