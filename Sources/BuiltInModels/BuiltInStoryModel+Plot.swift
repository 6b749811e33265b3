import Models
import Imaging
import DreamFrameCore
import Foundation

extension BuiltInStoryModel {
    /// Level 1, synchronously.
    public func plot(_ request: PlotRequest) throws -> MoviePlot {
        guard (1...64).contains(request.substoryCount) else {
            throw ModelError.permanent("substoryCount \(request.substoryCount) is outside 1...64")
        }
        var rng = SeededGenerator(seed: request.seed, labels: ["plot", request.theme ?? ""])
        let world = StoryWorld.build(theme: request.theme, mixPosition: request.mixPosition, rng: &rng)
        let title = Self.title(world, rng: &rng)
        var writer = BeatWriter(world: world, rng: rng)
        let substories = world.arc.beats(count: request.substoryCount).enumerated().map { i, beat in
            writer.substory(beat, index: i)
        }
        return MoviePlot(title: title, overview: Self.overview(world, title: title), genre: world.genre.rawValue,
                         style: world.style, locations: world.locations, characters: world.characters,
                         substories: substories, theme: world.theme)
    }

    static func title(_ w: StoryWorld, rng: inout SeededGenerator) -> String {
        let adj = rng.pick(StoryVocabulary.titleAdjectives), noun = rng.pick(StoryVocabulary.titleNouns)
        let place = StoryText.titleCase(rng.pick(w.locations))
        let name = w.hero.name
        switch rng.index(4) {
        case 0: return "The \(adj) \(noun) of \(name)"
        case 1: return "\(name) and the \(adj) \(noun)"
        case 2: return "\(adj) \(noun) at the \(place)"
        default: return "\(name)'s \(adj) \(noun)"
        }
    }

    static func overview(_ w: StoryWorld, title: String) -> String {
        let a = w.hero
        var s = "'\(title)' is \(StoryText.article(w.genre.rawValue)) \(w.genre.rawValue.lowercased()) story set \(w.setting.era). "
        s += "It follows \(a.name), \(StoryText.article(a.trade)) \(a.trade), who wants to \(w.goal) because \(w.motive). "
        if let b = w.partner { s += "\(b.name), \(StoryText.article(b.trade)) \(b.trade), joins the struggle. " }
        s += "But \(w.obstacle), and \(a.name) must \(w.method) to succeed. "
        switch w.arc {
        case .romance: s += "Along the way, \(a.name) and \(w.partner?.name ?? "an unlikely friend") fall in love."
        case .mystery: s += "Clue by clue, the truth comes out: \(w.revelation)."
        case .survival: s += "Everyone must hold on while \(w.threat) tests them."
        case .rivalry: s += "Old rivals learn that they are stronger together."
        case .redemption: s += "\(a.name) must also overcome \(w.flaw)."
        case .quest: s += "The road leads from the \(w.home) to the \(w.goalPlace)."
        }
        return s
    }
}
