import DreamFrameCore
import Foundation
import Models

/// Diagnoses a movie that stopped making progress from what is durable — `record.json`, `story.json` and the frame
/// files on disk, the committed expansion results, progress marks, fan-in claims and the style cache in Redis, the
/// run record — and finds exactly the messages whose effect was lost.
///
/// Every message is rebuilt by ``NextMessages`` with its original id, so when its effect is in place after all it is
/// a harmless duplicate, and when it was lost the stage does the work (the ``Reconciler`` forgets its done-mark first,
/// since that mark outlived the effect it vouched for).
public struct MovieRepair: Sendable {
    public let state: any PipelineStore
    public let layout: OutputLayout

    public init(state: any PipelineStore, layout: OutputLayout) {
        self.state = state
        self.layout = layout
    }

    /// Looks at movie `index` (0-based; nil when unknown) of `run`: done, active (progress within `stale` seconds
    /// before `now`), in line (idle while a stage it waits on has messages `queued`, per stage), or stuck with its
    /// problems and the messages to republish. Only a stuck movie's files and stored results are read.
    public func diagnose(_ movie: MovieRef, run: RunRecord?, index: Int?, stale: Double,
                         now: Double = Date().timeIntervalSince1970,
                         queued: [Stage: Int] = [:]) async throws -> MovieDiagnosis {
        let fields = try await state.movieFields(movie)
        let current = fields[MovieField.state.rawValue].flatMap(MovieState.init(rawValue:))
        let progressAt = Double(fields[MovieField.progressAt.rawValue] ?? "")
            ?? Double(fields[MovieField.submittedAt.rawValue] ?? "") ?? run?.createdAt ?? 0
        let repairedAt = Double(fields[MovieField.repairedAt.rawValue] ?? "") ?? 0
        let repairs = repairedAt >= progressAt ? Int(fields[MovieField.repairs.rawValue] ?? "") ?? 0 : 0
        var diagnosis = MovieDiagnosis(movie: movie, state: current, status: .stuck,
                                       idleSeconds: max(0, now - max(progressAt, repairedAt)),
                                       repairsWithoutProgress: repairs)
        if current == .done {
            diagnosis.status = .done
        } else if diagnosis.idleSeconds < stale {
            diagnosis.status = .active
        } else if MovieState.isInLine(current, queued: queued) {
            diagnosis.status = .inLine
        } else {
            try await find(&diagnosis, fields: fields, run: run, index: index)
        }
        return diagnosis
    }

    /// Fills in the problems of a stuck movie and the messages that repair them.
    private func find(_ diagnosis: inout MovieDiagnosis, fields: [String: String], run: RunRecord?, index: Int?) async throws {
        let movie = diagnosis.movie
        guard let run, let index else {
            diagnosis.problems = [.runUnknown]
            return
        }
        if FileManager.default.fileExists(atPath: layout.record(movie).path) {
            diagnosis.problems = [.recordWithoutDone]
            diagnosis.messages = [NextMessages.validateMovie(movie)]
            return
        }
        guard FileManager.default.fileExists(atPath: layout.story(movie).path) else {
            try await findInExpansion(&diagnosis, run: run, index: index)
            return
        }
        let story: StoryDocument
        do {
            story = try StoryDocument.load(layout.story(movie))
        } catch {
            diagnosis.problems = [.storyUnreadable("\(error)")]
            return
        }
        try await findInRendering(&diagnosis, story: story, styleId: fields[MovieField.styleId.rawValue], run: run)
    }

    /// The story is written: the movie needs its style, its missing frames, or its validation.
    private func findInRendering(_ diagnosis: inout MovieDiagnosis, story: StoryDocument, styleId: String?,
                                 run: RunRecord) async throws {
        let movie = diagnosis.movie
        let frames = story.frameEntries
        let missing = frames.map(\.index).filter { !FileManager.default.fileExists(atPath: layout.frame(movie, index: $0).path) }
        if missing.isEmpty {
            // Every frame landed: the fan-in that should have sent the movie to validation never completed.
            let marks = try await state.progressMarks(.frameRenderer, movie: movie)
            let unmarked = frames.map { $0.index - 1 }.filter { !marks.contains($0) }
            diagnosis.problems = (unmarked.isEmpty ? [] : [.framesUnmarked(unmarked.map { $0 + 1 })]) + [.notValidated]
            diagnosis.messages = [NextMessages.validateMovie(movie)]
            diagnosis.unmarkedFrames = unmarked
            return
        }
        if let styleId {
            if try await state.style(styleId) != nil {
                if let current = diagnosis.state, current >= .rendering {
                    let wanted = Set(missing)
                    diagnosis.problems = [.framesMissing(missing)]
                    diagnosis.messages = NextMessages.renderFrames(movie, story: story, styleId: styleId, run: run)
                        .filter { envelope in
                            if case .renderFrame(let frame) = envelope.body { return wanted.contains(frame.index) }
                            return false
                        }
                    return
                }
            } else if let owner = try await state.styleLeaseHolder(styleId) {
                diagnosis.problems = [.styleBeingLearned(styleId: styleId, owner: owner)]
                return
            }
        }
        // The style was never released to this movie (a lost wake-up or parked mark, a lost embedding, a lost
        // state): ask again as the story expander did; the style stage learns it, takes it from the cache, or parks.
        var style = story.style
        if style == nil { style = try await state.result(MoviePlot.self, key: .plot, movie: movie)?.style }
        guard let style else {
            diagnosis.problems = [.styleUnknown]
            return
        }
        diagnosis.problems = [.styleNotReady(styleId: styleId)]
        diagnosis.messages = [NextMessages.learnStyle(movie, style: style, referenceImages: run.styleImages)]
    }
}
