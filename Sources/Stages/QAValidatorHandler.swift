import Pipeline
import Models
import DreamFrameCore
import Foundation

/// Validates a movie's QA, writes `record.json` (kept and rejected QA, with reasons), re-exports the run's dataset
/// when it is due (``ExportSchedule``: every movie that completes a run is in its dataset before it counts as done),
/// marks the movie done and compacts its Redis state.
public struct QAValidatorHandler: StageHandler {
    public let stage = Stage.qaValidator
    let validator: QAValidator
    /// The optional LLM judge (nil: off).
    let judge: QAJudge?
    /// Whether to make `video.mp4` from the frames (needs ffmpeg).
    let makeVideo: Bool
    /// How long to wait for a story or frame another host wrote before retrying later.
    let fileWait: Duration
    /// When this process re-exports a run's dataset.
    let exports: ExportSchedule

    /// A handler that validates with `validator`, asks `judge` when given, and makes videos when `makeVideo`.
    public init(validator: QAValidator, judge: QAJudge?, makeVideo: Bool, fileWait: Duration = SharedFiles.defaultWait,
                exports: ExportSchedule = ExportSchedule()) {
        self.validator = validator
        self.judge = judge
        self.makeVideo = makeVideo
        self.fileWait = fileWait
        self.exports = exports
    }

    public func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope] {
        guard case .validateMovie(let message) = envelope.body else {
            throw StageError.permanent("qa-validator cannot handle \(envelope.kind.rawValue)")
        }
        let movie = message.movie
        let storyURL = context.layout.story(movie)
        try await SharedFiles.require(storyURL, what: "story.json of \(movie)", limit: fileWait)
        let story = try StoryDocument.load(storyURL)
        try await checkFrames(of: movie, expected: story.frameDescriptions.count, layout: context.layout)
        if makeVideo { try await VideoMaker.make(movie: movie, layout: context.layout) }
        var verdicts = validator.validate(story)
        if let judge {
            if let judged = try await judge.judge(verdicts, story: story, resolvingWith: validator) {
                verdicts = judged
            } else {
                context.logger.notice("the story model does not judge; LLM-as-judge skipped", metadata: ["movie": "\(movie)"])
            }
        }
        let record = MovieRecord(movie: movie, story: story, verdicts: verdicts)
        try AtomicFile.writeJSON(record, to: context.layout.record(movie))
        // The export comes before the movie is marked done when this movie completes the run (or one is due), so a
        // complete run's dataset holds every movie. Two validators finishing a run's last two movies at once each see
        // the other's unfinished: whoever then finds the run complete without having exported exports after.
        var exported = exports.isDue(movie.runId)
        if !exported { exported = try await leftToValidate(in: movie.runId, state: context.state) <= 1 }
        if exported { try await export(movie.runId, context: context) }
        // The progress mark before `done`: once a movie is done, every copy of its messages is dropped as a
        // duplicate, so a mark written after it and lost (Redis gone in between) would never be written again.
        try await context.state.markProgress(.qaValidator, index: 0, movie: movie)
        try await context.state.setState(movie, .done, [
            .qaKept: String(record.kept.count), .qaRejected: String(record.rejected.count),
            .doneAt: String(Date().timeIntervalSince1970),
        ])
        if !exported, try await leftToValidate(in: movie.runId, state: context.state) == 0 {
            try await export(movie.runId, context: context)
        }
        try await context.state.compact(movie)
        context.logger.info("movie validated", metadata: [
            "movie": "\(movie)", "qa_kept": "\(record.kept.count)", "qa_rejected": "\(record.rejected.count)",
        ])
        return []
    }

    /// Re-exports the run's dataset (its record read only then: most movies export nothing) and notes when.
    private func export(_ runId: String, context: StageContext) async throws {
        let started = ContinuousClock.now
        let run = try await context.state.run(runId)
        try DatasetExporter(layout: context.layout).exportUntilStable(runId: runId, run: run)
        exports.exported(runId, took: .now - started)
    }

    /// How many of the run's movies have no validator progress mark yet (this one included until it is marked).
    private func leftToValidate(in runId: String, state: any PipelineStore) async throws -> Int {
        let movieIds = try await state.movieIds(runId)
        let validated = try await state.stageCounts(runId, movieIds: movieIds, stages: [.qaValidator])[.qaValidator] ?? 0
        return max(0, movieIds.count - validated)
    }

    /// Removes temporary files a killed writer left behind and checks that every frame landed (waiting a while
    /// for frames another host wrote).
    private func checkFrames(of movie: MovieRef, expected: Int, layout: OutputLayout) async throws {
        TemporaryFile.sweep(layout.framesDirectory(movie))
        TemporaryFile.sweep(layout.movieDirectory(movie))
        let frames = (1...max(expected, 1)).map { layout.frame(movie, index: $0) }
        let missing = await SharedFiles.awaitFiles(frames, limit: fileWait).map(\.lastPathComponent)
        guard expected == 0 || missing.isEmpty else {
            throw StageError.transient("\(missing.count) of \(expected) frames of \(movie) are missing, e.g. \(missing.prefix(3).joined(separator: ", "))")
        }
    }
}
