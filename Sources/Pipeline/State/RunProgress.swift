import Models
import Clients
import DreamFrameCore
import Foundation

/// A run's progress per stage, computed from the movies' progress bitmaps.
public struct RunProgress: Sendable, Codable {
    public struct StageProgress: Sendable, Codable {
        public var stage: String
        public var done: Int
        public var total: Int
    }

    public var runId: String
    public var movies: Int
    public var moviesDone: Int
    public var stages: [StageProgress]
    public var elapsedSeconds: Double
    /// Seconds left at the current frame rate, when it can be estimated.
    public var etaSeconds: Double?
    /// Movie id → state (expanding, styling, waiting-for-style, rendering, done).
    public var movieStates: [String: String]

    public var isComplete: Bool { movies > 0 && moviesDone == movies }

    /// Reads the run's progress in a few pipelined round trips.
    public static func load(runId: String, state: any PipelineStore) async throws -> RunProgress? {
        guard let run = try await state.run(runId) else { return nil }
        let ids = try await state.movieIds(runId)
        let counts = try await state.stageCounts(runId, movieIds: ids)
        var states: [String: String] = [:]
        var expectedFrames = 0
        for id in ids {
            let fields = try await state.movieFields(MovieRef(runId: runId, movieId: id))
            states[id] = fields[MovieField.state.rawValue] ?? MovieState.queued.rawValue
            expectedFrames += Int(fields[MovieField.expectedFrames.rawValue] ?? "") ?? run.branching.framesPerMovie
        }
        let totals: [Stage: Int] = [
            .plotWriter: ids.count, .storyExpander: ids.count * run.branching.tinystoriesPerMovie,
            .styleTrainer: ids.count, .frameRenderer: expectedFrames, .qaValidator: ids.count,
        ]
        let stages = Stage.allCases.map { StageProgress(stage: $0.rawValue, done: counts[$0] ?? 0, total: totals[$0] ?? 0) }
        let elapsed = Date().timeIntervalSince1970 - run.createdAt
        let done = counts[.qaValidator] ?? 0
        // Frames dominate the work: estimate from the frame rate so far.
        let framesDone = counts[.frameRenderer] ?? 0
        var eta: Double?
        if done == ids.count {
            eta = 0
        } else if framesDone > 0, elapsed > 0 {
            eta = Double(expectedFrames - framesDone) / (Double(framesDone) / elapsed)
        }
        return RunProgress(runId: runId, movies: ids.count, moviesDone: done, stages: stages, elapsedSeconds: elapsed,
                           etaSeconds: eta, movieStates: states)
    }
}
