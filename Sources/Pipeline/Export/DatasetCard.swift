import Models
import Clients
import DreamFrameCore
import Foundation

/// The dataset card: what is in the dataset and what made it.
enum DatasetCard {
    /// The card of a run's dataset: counts, QA types, genres, styles, rejections, the quality figures and, when
    /// known, the run's settings.
    static func markdown(runId: String, run: RunRecord?, tally: DatasetTally, quality: DatasetQuality) -> String {
        summary(heading: "run \(runId)", tally: tally) + qualitySection(quality)
            + (run.map { configuration($0, tally: tally) } ?? "")
    }

    /// The card of a dataset merged from several runs (`sources`: their ids).
    static func markdown(title: String, sources: [String], tally: DatasetTally, quality: DatasetQuality) -> String {
        summary(heading: title, tally: tally) + qualitySection(quality) + """

            ## Runs merged
            \(sources.map { "- `\(MarkdownText.cell($0))`" }.joined(separator: "\n"))

            """
    }

    private static func table(_ counts: [String: Int]) -> String {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "| \($0.key) | \($0.value) |" }.joined(separator: "\n")
    }

    private static func summary(heading: String, tally: DatasetTally) -> String {
        // Genres and style keywords are a model's text: literal in the card, however it is rendered.
        var genres: [String: Int] = [:]
        tally.genres.forEach { genres[MarkdownText.cell($0.key), default: 0] += $0.value }
        var styles: [String: Int] = [:]
        tally.styles.forEach { styles[MarkdownText.cell($0.key), default: 0] += $0.value }
        return """
        # DreamFrame dataset — \(heading)

        Synthetic video instruction data: keyframe "videos" with plot QA, made by the DreamFrame pipeline.

        | what | count |
        |---|---|
        | movies | \(tally.movies.count) |
        | frames | \(tally.frames) |
        | dialogue lines | \(tally.dialogues) |
        | QA kept | \(tally.kept) |
        | QA rejected | \(tally.rejected) |

        Files: `videoinstruct.json` (`[{"video_id","q","a"}]`), `conversations.json` (LLaVA / Video-ChatGPT form, one
        QA pair per sample, `video` relative to this folder), `conversations_multiturn.json` when exported with
        `--multi-turn` (a movie's QA as one conversation), `rejects.json` (rejected QA with reasons). A `video_id` is
        `<run>.<movie>.<story digest>`, unique across runs and machines; a sample's `id` is its `video_id` and the
        pair's place in the movie (`.q007`), so merged datasets keep every id distinct.

        ## QA kept by type
        | type | count |
        |---|---|
        \(table(tally.keptByType))

        ## Genres
        | genre | movies |
        |---|---|
        \(table(genres))

        ## Styles
        | style | movies |
        |---|---|
        \(table(styles))

        ## Validator rejections by reason
        | reason | count |
        |---|---|
        \(tally.rejectedByReason.isEmpty ? "| (none) | 0 |" : table(tally.rejectedByReason))

        """
    }

    private static func configuration(_ run: RunRecord, tally: DatasetTally) -> String {
        """

            ## Configuration
            | setting | value |
            |---|---|
            | movies submitted | \(run.movies) |
            | seed | \(run.seed) |
            | branching | \(run.branching) |
            | frame size | \(run.width)x\(run.height) |
            | themes | \(run.themes.isEmpty ? "(built-in set)" : run.themes.map { MarkdownText.cell($0) }.joined(separator: "; ")) |
            | movie seeds | \(tally.seeds.joined(separator: ", ")) |
            | frame seeds | \(run.frameSeeds == .paper ? "20 + frame index in every movie (the paper's)" : "movie seed + 20 + frame index") |

            """
    }

    /// How the frames were rendered: one row per renderer setting the run's renderers recorded.
    static func rendering(_ settings: [RenderSettings]) -> String {
        guard !settings.isEmpty else { return "" }
        let rows = settings.map { item in
            let refiner = item.refiner.map { name in item.refinerSwitchStep.map { "\(name) from step \($0)" } ?? name }
            let cells = [item.backend, item.checkpoint ?? "—", refiner ?? "—", item.steps.map(String.init) ?? "—",
                         item.guidance.map { String(format: "%g", $0) } ?? "—", item.sampler ?? "—",
                         item.negativePrompt ?? "—", item.workflow ?? "—"]
            return "| " + cells.map { MarkdownText.cell($0) }.joined(separator: " | ") + " |"
        }
        return """

            ## Rendering
            | backend | checkpoint | refiner | steps | guidance | sampler | negative prompt | workflow |
            |---|---|---|---|---|---|---|---|
            \(rows.joined(separator: "\n"))

            """
    }
}
