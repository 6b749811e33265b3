import Foundation
import Testing
import TestSupport
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

@Suite("Built-in story model")
struct BuiltInStoryModelTests {
    let model = BuiltInStoryModel()
    static let verbs: Set<String> = ["stand", "sit", "look", "talk", "hold", "squat", "walk", "hug"]
    static let stop: Set<String> = ["the", "a", "an", "and", "he", "she", "they", "his", "her", "him", "it", "is", "to",
                                    "of", "at", "on", "in", "because", "so", "that", "which", "with", "while", "has",
                                    "back", "there", "from", "their", "them", "its"]

    struct Movie {
        var plot: MoviePlot
        var subs: [SubstoryExpansion]
        var tinies: [TinystoryExpansion]

        var allText: String {
            var parts = [plot.overview] + plot.substories.map(\.content) + plot.characters.map { "\($0.name) \($0.appearance)" }
            parts += subs.flatMap { $0.tinystories.map(\.content) }
            parts += tinies.flatMap { $0.keyframes.flatMap { [$0.description] + ($0.dialogue.map { [$0] } ?? []) } }
            return parts.joined(separator: " ")
        }

        var allQA: [QAPair] { plot.substories.map(\.qa) + subs.map(\.qa) + tinies.flatMap(\.qa) }
    }

    func movie(seed: UInt64, theme: String? = nil, branching: Branching = Branching(substories: 11, tinystories: 2, keyframes: 11)) throws -> Movie {
        let plot = try model.plot(PlotRequest(seed: seed, theme: theme, substoryCount: branching.substories))
        var subs: [SubstoryExpansion] = [], tinies: [TinystoryExpansion] = []
        for s in plot.substories {
            let e = try model.substoryExpansion(SubstoryRequest(seed: seed, movie: plot.context, substory: s, tinystoryCount: branching.tinystories))
            subs.append(e)
            for t in e.tinystories {
                tinies.append(try model.tinystoryExpansion(TinystoryRequest(seed: seed, movie: plot.context, substoryContent: s.content,
                                                                            tinystory: t, keyframeCount: branching.keyframes)))
            }
        }
        return Movie(plot: plot, subs: subs, tinies: tinies)
    }

    static func words(_ s: String) -> [String] {
        s.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
            .map { $0.hasSuffix("'s") ? String($0.dropLast(2)) : $0 }.filter { !$0.isEmpty }
    }

    static func sentenceCount(_ s: String) -> Int {
        s.split(whereSeparator: { ".!?".contains($0) }).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
    }

    static func checkQA(_ qa: QAPair) {
        #expect(qa.type != .describe)
        #expect(qa.question.lowercased().hasPrefix(qa.type.rawValue + " ") || qa.question.lowercased().hasPrefix(qa.type.rawValue + "'"), "\(qa.question)")
        #expect(qa.question.hasSuffix("?"))
        #expect((1...2).contains(sentenceCount(qa.answer)), "\(qa.answer)")
        #expect(qa.answer.lowercased() != qa.question.lowercased())
    }

    @Test func deterministicForTheSameRequest() async throws {
        let a = try movie(seed: 42, branching: Branching(substories: 3, tinystories: 2, keyframes: 5))
        let b = try movie(seed: 42, branching: Branching(substories: 3, tinystories: 2, keyframes: 5))
        #expect(a.plot == b.plot && a.subs == b.subs && a.tinies == b.tinies)
        let viaProtocol = try await model.writePlot(PlotRequest(seed: 42, theme: nil, substoryCount: 3))
        #expect(viaProtocol == a.plot)
        let other = try model.plot(PlotRequest(seed: 43, theme: nil, substoryCount: 3))
        #expect(other != a.plot)
    }

    @Test func levelOneFollowsThePaperContract() throws {
        let genres = Set(StoryGenre.allCases.map(\.rawValue))
        for seed in UInt64(0)..<60 {
            let plot = try model.plot(PlotRequest(seed: seed, theme: nil, substoryCount: 11))
            #expect(!plot.title.isEmpty && !plot.overview.isEmpty && !plot.theme.isEmpty)
            #expect(genres.contains(plot.genre))
            #expect(!plot.style.keyword.contains(" ") && !plot.style.keyword.isEmpty)
            #expect(!plot.style.tone.isEmpty && !plot.style.description.isEmpty)
            #expect(plot.locations.count >= 12 && Set(plot.locations).count == plot.locations.count)
            #expect(plot.locations.allSatisfy { $0.split(separator: " ").count <= 2 })
            let mains = plot.characters.filter { $0.role == .main }.count
            let supporting = plot.characters.filter { $0.role == .supporting }.count
            #expect((1...2).contains(mains) && (0...1).contains(supporting) && mains + supporting == plot.characters.count)
            #expect(Set(plot.characters.map(\.name)).count == plot.characters.count)
            #expect(Set(plot.characters.map(\.appearance)).count == plot.characters.count)
            #expect(plot.characters.allSatisfy { $0.appearance.hasPrefix("a ") && ($0.appearance.contains(" man ") || $0.appearance.contains(" woman ")) })
            #expect(plot.substories.count == 11)
            for (i, s) in plot.substories.enumerated() {
                #expect(s.index == i)
                #expect((1...3).contains(s.scene.count) && s.scene.allSatisfy(plot.locations.contains))
                #expect(s.scene.allSatisfy { s.content.contains($0) }, "scene named in content")
                Self.checkQA(s.qa)
            }
        }
    }

    @Test func themesAreHonoured() throws {
        let theme = "A love story about a duchess and a commoner"
        let plot = try model.plot(PlotRequest(seed: 5, theme: theme, substoryCount: 4))
        #expect(plot.theme == theme)
        #expect(plot.genre == "Romance")
        #expect(StorySetting.named(.medieval).locations.contains(plot.locations[0]))
        #expect(StoryTheme.all.count >= 40)
    }

    @Test func titlesAreDistinctAndPlotsDifferInShape() throws {
        var titles = Set<String>()
        var shapes = Set<[QAType]>()
        var genreCounts: [String: Int] = [:]
        for seed in UInt64(0)..<1000 {
            let plot = try model.plot(PlotRequest(seed: seed, theme: nil, substoryCount: 11))
            titles.insert(plot.title)
            genreCounts[plot.genre, default: 0] += 1
            if seed < 100 { shapes.insert(plot.substories.map(\.qa.type)) }
        }
        #expect(titles.count >= 990, "distinct titles: \(titles.count)")
        #expect(shapes.count >= 6, "distinct plot shapes: \(shapes.count)")
        #expect(genreCounts["Drama", default: 0] > genreCounts["Comedy", default: 0])
        #expect(genreCounts["Drama", default: 0] > 180 && genreCounts["Drama", default: 0] < 340)
    }

    @Test func levelTwoAndThreeFollowTheContract() throws {
        for seed in UInt64(0)..<6 {
            let m = try movie(seed: seed)
            let names = m.plot.characters.map(\.name)
            for (s, e) in zip(m.plot.substories, m.subs) {
                #expect(e.tinystories.count == 2)
                #expect(e.tinystories.allSatisfy { s.scene.contains($0.location) && $0.content.contains($0.location) })
                Self.checkQA(e.qa)
            }
            let tinies = m.subs.flatMap(\.tinystories)
            for (t, x) in zip(tinies, m.tinies) {
                #expect(x.keyframes.count == 11)
                #expect(x.keyframes.compactMap(\.dialogue).count == 6)
                #expect(x.qa.count == 2)
                x.qa.forEach(Self.checkQA)
                for f in x.keyframes {
                    #expect(f.description.hasPrefix("generate an image in \(m.plot.style.keyword) style: at the \(t.location), "))
                    #expect(f.description.hasSuffix("with \(StoryText.article(f.expression)) \(f.expression) face"))
                    #expect(Self.verbs.contains(f.verb))
                    #expect(FacialExpression(rawValue: f.expression) != nil)
                    #expect(f.location == t.location)
                    #expect(!f.characters.isEmpty && f.characters.allSatisfy(names.contains))
                    #expect(names.allSatisfy { !f.description.contains($0) }, "names replaced: \(f.description)")
                    let actor = m.plot.characters.first { $0.name == f.characters[0] }!
                    #expect(f.description.contains(actor.appearance + " is "))
                    // The image model reads back what the story model wrote.
                    let parsed = FrameScene(prompt: f.description)
                    #expect(parsed.location == f.location && parsed.pose.rawValue == f.verb && parsed.expression.rawValue == f.expression)
                    #expect(parsed.appearances.first == actor.appearance)
                    let shown = f.characters.compactMap { n in m.plot.characters.first { $0.name == n }?.appearance }
                    #expect(parsed.appearances == shown, "\(f.description)")
                }
            }
        }
    }

    @Test func dialogueScalesWithKeyframeCount() throws {
        let plot = try model.plot(PlotRequest(seed: 9, theme: nil, substoryCount: 1))
        let sub = try model.substoryExpansion(SubstoryRequest(seed: 9, movie: plot.context, substory: plot.substories[0], tinystoryCount: 1))
        for (k, expected) in [(1, 0), (2, 1), (3, 2), (5, 3), (22, 12)] {
            let x = try model.tinystoryExpansion(TinystoryRequest(seed: 9, movie: plot.context, substoryContent: plot.substories[0].content,
                                                                  tinystory: sub.tinystories[0], keyframeCount: k))
            #expect(x.keyframes.count == k)
            #expect(x.keyframes.compactMap(\.dialogue).count == expected, "k=\(k)")
        }
    }

    @Test func answersAreSupportedByTheMoviesOwnText() throws {
        for seed in UInt64(100)..<115 {
            let m = try movie(seed: seed, branching: Branching(substories: 11, tinystories: 2, keyframes: 6))
            let known = Set(Self.words(m.allText))
            for qa in m.allQA {
                let missing = Self.words(qa.answer).filter { !Self.stop.contains($0) && !known.contains($0) }
                #expect(missing.isEmpty, "unsupported \(missing) in: \(qa.answer)")
            }
        }
    }

    @Test func textIsFreeOfMarkup() throws {
        for seed in UInt64(200)..<210 {
            let m = try movie(seed: seed, branching: Branching(substories: 5, tinystories: 2, keyframes: 4))
            let texts = [m.allText, m.plot.title] + m.allQA.flatMap { [$0.question, $0.answer] }
            for text in texts {
                for bad in ["{", "}", "[", "]", "<", ">", "\"", "_", "\\", "nil", "Optional", "  ", " a a", " a e", " a i", " a o", " a u"]
                where text.contains(bad) {
                    let r = text.range(of: bad)!
                    let lo = text.index(r.lowerBound, offsetBy: -60, limitedBy: text.startIndex) ?? text.startIndex
                    let hi = text.index(r.upperBound, offsetBy: 60, limitedBy: text.endIndex) ?? text.endIndex
                    Issue.record("found '\(bad)' in: ...\(text[lo..<hi])")
                }
            }
        }
    }
}

extension BuiltInStoryModelTests {
    @Test func unusualCountsAndThemes() throws {
        for count in [1, 2, 20, 64] {
            let plot = try model.plot(PlotRequest(seed: UInt64(count), theme: "  ", substoryCount: count))
            #expect(plot.substories.count == count)
            plot.substories.forEach { Self.checkQA($0.qa) }
        }
        let odd = try model.plot(PlotRequest(seed: 3, theme: "Zebras négociant la paix 🦓", substoryCount: 3))
        #expect(odd.theme == "Zebras négociant la paix 🦓" && odd.locations.count >= 12)
        #expect(throws: ModelError.self) { try model.plot(PlotRequest(seed: 1, theme: nil, substoryCount: 0)) }
    }
}
