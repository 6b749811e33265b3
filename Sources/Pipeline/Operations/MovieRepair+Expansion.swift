import DreamFrameCore
import Foundation
import Models

extension MovieRepair {
    /// No `story.json` yet: find the plot, substory and tinystory results that are missing (or whose progress mark
    /// is), and the message that owns — or will win — the story fan-in, which assembles the story.
    func findInExpansion(_ diagnosis: inout MovieDiagnosis, run: RunRecord, index: Int) async throws {
        let movie = diagnosis.movie
        let writePlot = NextMessages.writePlot(run: run, movieId: movie.movieId, index: index)
        guard case .writePlot(let request) = writePlot.body,
              let plot = try await state.result(MoviePlot.self, key: .plot, movie: movie) else {
            diagnosis.problems = [.plotMissing]
            diagnosis.messages = [writePlot]
            return
        }
        let branching = run.branching
        let (substoryCount, tinystoryCount) = (branching.substories, branching.tinystories)
        guard plot.substories.count == substoryCount else {
            diagnosis.problems = [.plotInvalid]
            return
        }
        let substories = try await state.results(SubstoryExpansion.self, keys: (0..<substoryCount).map { .substory($0) },
                                                 movie: movie)
        let tinystoryKeys = (0..<substoryCount).flatMap { s in (0..<tinystoryCount).map { ExpansionKey.tinystory(s, $0) } }
        let tinystories = try await state.results(tinystoryKeys, movie: movie)
        let marks = try await state.progressMarks(.storyExpander, movie: movie)
        let substoryMessages = NextMessages.expandSubstories(request, plot: plot)

        var messages: [Envelope] = []
        var missingSubstories: [Int] = []
        var missingTinystories: [String] = []
        var buildable: [String: Envelope] = [:]
        var last: Envelope?
        for s in 0..<substoryCount {
            guard let expansion = substories[s], expansion.tinystories.count == tinystoryCount,
                  case .expandSubstory(let parent) = substoryMessages[s].body else {
                missingSubstories.append(s)
                messages.append(substoryMessages[s])
                continue
            }
            for (t, envelope) in NextMessages.expandTinystories(parent, expansion: expansion).enumerated() {
                let unit = s * tinystoryCount + t
                buildable[envelope.id] = envelope
                last = envelope
                if tinystories[unit] == nil || !marks.contains(unit) {
                    missingTinystories.append("\(s)/\(t)")
                    messages.append(envelope)
                }
            }
        }
        // The fan-in: its owner assembles the story (again on redelivery); with no owner and nothing left to
        // mark, any tinystory message wins it.
        let claimant = try await state.fanInClaimant(.storyExpander, movie: movie)
        if let claimant, let owner = buildable[claimant], !messages.contains(where: { $0.id == claimant }) {
            messages.append(owner)
        } else if claimant == nil, messages.isEmpty, let last {
            messages.append(last)
        }
        diagnosis.problems = (missingSubstories.isEmpty ? [] : [.substoriesMissing(missingSubstories)])
            + (missingTinystories.isEmpty ? [] : [.tinystoriesMissing(missingTinystories)])
            + (claimant != nil || (missingSubstories.isEmpty && missingTinystories.isEmpty)
               ? [.storyNotAssembled(claimant: claimant)] : [])
        diagnosis.messages = messages
    }
}
