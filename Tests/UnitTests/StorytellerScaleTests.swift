import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Models
@testable import BuiltInModels
import DreamFrameCore

/// The built-in storyteller at the paper's own branching (11,11,11): the properties a trainer relies on, on a few
/// seeds — never the exact text.
@Suite("Built-in storyteller at 11,11,11")
struct StorytellerScaleTests {
    static let model = BuiltInStoryModel()
    static let seeds: [UInt64] = [1, 2, 3]
    static let paper = Branching(substories: 11, tinystories: 11, keyframes: 11)

    /// One movie, level by level, keeping each level-3 answer beside the tinystory it was asked for.
    struct Movie {
        var plot: MoviePlot
        var levelTwo: [SubstoryExpansion] = []
        var levelThree: [(tinystory: Tinystory, expansion: TinystoryExpansion)] = []
    }

    static func movie(seed: UInt64) throws -> Movie {
        let plot = try model.plot(PlotRequest(seed: seed, theme: nil, substoryCount: 11))
        var movie = Movie(plot: plot)
        for (s, substory) in plot.substories.enumerated() {
            let subSeed = StableHash.subSeed(seed, "substory", s)
            let two = try model.substoryExpansion(SubstoryRequest(seed: subSeed, movie: plot.context, substory: substory, tinystoryCount: 11))
            movie.levelTwo.append(two)
            for (t, tiny) in two.tinystories.enumerated() {
                let three = try model.tinystoryExpansion(TinystoryRequest(seed: StableHash.subSeed(subSeed, "tinystory", t), movie: plot.context,
                                                                          substoryContent: substory.content, tinystory: tiny, keyframeCount: 11))
                movie.levelThree.append((tiny, three))
            }
        }
        return movie
    }

    static func story(seed: UInt64) async throws -> StoryDocument {
        try await OfflineStoryWriter(model: model).write(movie: MovieRef(runId: "scale", movieId: "movie-\(seed)"), seed: seed,
                                                         theme: nil, branching: paper)
    }

    /// Content words of 4 letters or more, the words that tie a text to an event.
    static func keywords(_ text: String) -> Set<String> {
        Set(TextTokens.contentWords(text).filter { $0.count >= 4 })
    }

    @Test("per movie: at least 144 QA kept, at most 10% rejected, every answer supported by the movie's text")
    func qaKeptAtThePapersScale() async throws {
        for seed in Self.seeds {
            let verdicts = QAValidator().validate(try await Self.story(seed: seed))
            let kept = verdicts.filter(\.kept).count
            #expect(verdicts.count == 265)
            #expect(kept >= PaperFigures.qaPerMovie, "seed \(seed): \(kept) kept")
            #expect(Double(verdicts.count - kept) <= 0.1 * Double(verdicts.count), "seed \(seed): \(verdicts.count - kept) rejected")
            #expect(!verdicts.contains { $0.reasons.contains(.unsupported) }, "seed \(seed)")
            #expect(verdicts.allSatisfy { $0.type == .describe || $0.support >= 0.9 }, "seed \(seed): min support \(verdicts.map(\.support).min() ?? 0)")
        }
    }

    @Test("per movie: the kept QA types are within 10 points of the authors' movie (why ~68%, what ~14%, how ~13%, where ~5%)")
    func typeMixFollowsTheAuthors() async throws {
        for seed in Self.seeds {
            let typed = QAValidator().validate(try await Self.story(seed: seed)).filter(\.kept).compactMap(\.type).filter { $0 != .describe }
            for (type, _) in PaperFigures.sampleQATypeCounts {
                let share = Double(typed.filter { $0 == type }.count) * 100 / Double(typed.count)
                #expect(abs(share - PaperFigures.qaTypePercent(type)) <= 10, "seed \(seed): \(type) \(share)%")
            }
        }
    }

    @Test("per movie: at least 95% distinct frame descriptions and 90% distinct dialogue lines")
    func framesAndDialogueAreDistinct() async throws {
        for seed in Self.seeds {
            let story = try await Self.story(seed: seed)
            let frames = story.frameDescriptions, lines = story.dialogue
            #expect(frames.count == 1331 && lines.count >= 600)
            #expect(Double(Set(frames).count) >= 0.95 * Double(frames.count), "seed \(seed): \(Set(frames).count) of \(frames.count)")
            #expect(Double(Set(lines).count) >= 0.9 * Double(lines.count), "seed \(seed): \(Set(lines).count) of \(lines.count)")
        }
    }

    @Test("level 3 works from its own tinystory: every line names the tinystory's event, every answer is in its text")
    func levelThreeIsTiedToItsTinystory() throws {
        for seed in Self.seeds {
            let movie = try Self.movie(seed: seed)
            // Its own tinystory decides it: the parent substory's text (passed down for continuity) changes nothing.
            let (first, expanded) = movie.levelThree[0]
            let alone = try Self.model.tinystoryExpansion(TinystoryRequest(
                seed: StableHash.subSeed(StableHash.subSeed(seed, "substory", 0), "tinystory", 0), movie: movie.plot.context,
                substoryContent: "", tinystory: first, keyframeCount: 11))
            #expect(alone == expanded)
            for (tiny, three) in movie.levelThree {
                let event = Self.keywords(tiny.content)
                for line in three.keyframes.compactMap(\.dialogue) {
                    #expect(!Self.keywords(line).isDisjoint(with: event), "seed \(seed): '\(line)' shares no word with: \(tiny.content)")
                }
                let own = Set(TextTokens.contentWords(tiny.content))
                for qa in three.qa {
                    let missing = Set(TextTokens.contentWords(qa.answer)).subtracting(own)
                    #expect(missing.isEmpty, "seed \(seed): \(missing) of '\(qa.answer)' not in: \(tiny.content)")
                }
            }
        }
    }

    @Test("the paper's constraints: its verbs, expressions, one style keyword, 12 or more places, fixed appearances")
    func papersConstraintsHold() throws {
        let verbs = Set(FigurePose.allCases.map(\.rawValue))
        for seed in Self.seeds {
            let movie = try Self.movie(seed: seed)
            let plot = movie.plot
            #expect(!plot.style.keyword.isEmpty && !plot.style.keyword.contains(" "))
            #expect(Set(plot.locations).count >= 12)
            let appearances = Dictionary(uniqueKeysWithValues: plot.characters.map { ($0.name, $0.appearance) })
            for (tiny, three) in movie.levelThree {
                for frame in three.keyframes {
                    #expect(verbs.contains(frame.verb) && FacialExpression(rawValue: frame.expression) != nil)
                    #expect(frame.description.hasPrefix("generate an image in \(plot.style.keyword) style: at the \(tiny.location), "))
                    #expect(frame.characters.allSatisfy { appearances[$0].map(frame.description.contains) == true })
                    #expect(plot.characters.allSatisfy { !frame.description.contains($0.name) }, "\(frame.description)")
                }
            }
        }
    }

    @Test("deterministic by seed, and different across seeds")
    func deterministicBySeed() async throws {
        let a = try JSONCoding.compactString(try await Self.story(seed: 5))
        let b = try JSONCoding.compactString(try await Self.story(seed: 5))
        let c = try JSONCoding.compactString(try await Self.story(seed: 6))
        #expect(a == b)
        #expect(a != c)
    }

    @Test("over 1,000 movies of a batch every genre is within 2 points of the paper's mix")
    func genreMixFollowsThePaper() throws {
        for runSeed in [UInt64(1), 2, 3] {
            let run = RunRecord(runId: "genres", movies: 1000, seed: runSeed, branching: Self.paper, themes: [], width: 64,
                                height: 36, styleImages: nil, createdAt: 0)
            var counts: [String: Int] = [:]
            for index in 0..<1000 {
                guard case .writePlot(let m) = NextMessages.writePlot(run: run, movieId: RunSubmitter.movieId(index), index: index).body else {
                    Issue.record("not a write-plot message"); return
                }
                let plot = try Self.model.plot(PlotRequest(seed: m.seed, theme: nil, substoryCount: 1, mixPosition: m.mixPosition))
                counts[plot.genre, default: 0] += 1
            }
            for (genre, percent) in PaperFigures.genreShares {
                #expect(abs(Double(counts[genre] ?? 0) / 10 - percent) <= 2, "run seed \(runSeed), \(genre): \(counts[genre] ?? 0) of 1000, paper \(percent)%")
            }
        }
    }
}
