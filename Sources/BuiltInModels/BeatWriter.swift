import Models
import Foundation

/// Writes level-1 substories, one ``StoryBeat`` at a time, from a ``StoryWorld``.
///
/// Each beat states its facts in the content and asks its QA pair from those same facts.
struct BeatWriter {
    /// The facts every beat is written from.
    let world: StoryWorld
    var rng: SeededGenerator
    /// Where ``nextPlace()`` reads the movie's locations next (the first two are the home and the goal).
    private var cursor = 2
    /// What the previous substory left behind (a clause), which the next one starts from.
    private var aftermath: String?
    /// Whether the hero's second goal (``StoryWorld/newGoal``) has come up yet.
    private var turned = false

    init(world: StoryWorld, rng: SeededGenerator) {
        self.world = world
        self.rng = rng
    }

    /// The hero's ally, if any: the partner, else a supporting character who is not the opponent.
    var ally: StoryCast? {
        if let partner = world.partner { return partner }
        if let third = world.third, third.name != world.opponent { return third }
        return nil
    }

    /// The next location in the movie's list, skipping one now and then.
    private mutating func nextPlace() -> String {
        let places = world.locations
        let place = places[cursor % places.count]
        cursor += 1 + rng.index(2)
        return place
    }

    /// The substory for `beat`: its 1-3 scene locations (the opening at home, the climax at the goal), its content
    /// naming every one of them, and its QA pair.
    mutating func substory(_ beat: StoryBeat, index: Int) -> Substory {
        let primary: String
        switch beat {
        case .opening: primary = world.home
        case .climax: primary = world.goalPlace
        default: primary = nextPlace()
        }
        var scene = [primary]
        let needsSecond = beat == .journey || beat == .quarrel
        if needsSecond || rng.chance(0.35) {
            var second = nextPlace()
            if second == primary, let other = world.locations.first(where: { $0 != primary }) { second = other }
            scene.append(second)
        }
        var text = write(beat, at: BeatPlaces(scene: scene, home: world.home))
        var content = text.content
        // Causes chain across substories: each starts from what the one before left behind.
        if let aftermath { content = "Because \(aftermath), \(world.hero.name) comes to the \(primary). " + content }
        aftermath = consequence(of: beat)
        // Halfway, at the first discovery or setback, the hero comes to want something more.
        if !turned, beat == .discovery || beat == .setback, !world.newGoal.isEmpty {
            turned = true
            content += " From now on, \(world.hero.name) also wants to \(world.newGoal), because \(world.turnReason)."
            text.qa = QAPair(question: "Why does \(world.hero.name) also want to \(world.newGoal)?",
                             answer: "Because \(world.turnReason).", type: .why)
        } else if turned, beat == .climax {
            content += " At last \(world.hero.name) can also \(world.newGoal)."
        }
        if scene.count == 2, !content.contains("the \(scene[1])") {
            content += " Later, \(world.hero.name) goes to the \(scene[1])."
        }
        if scene.count == 2, rng.chance(0.3),
           let third = world.locations.first(where: { !scene.contains($0) && $0 != world.goalPlace }) {
            scene.append(third)
            content += " The day ends at the \(third)."
        }
        return Substory(index: index, scene: scene, content: content, qa: text.qa)
    }

    /// What a beat leaves behind for the next substory to start from (a clause), if anything.
    func consequence(of beat: StoryBeat) -> String? {
        let hero = world.hero.name, ally = self.ally?.name
        switch beat {
        case .opening: return "\(hero) cannot stop thinking about \(world.treasure)"
        case .inciting: return "time is running out for the \(world.home)"
        case .meeting: return ally.map { "\($0) is on \(world.hero.possessive) side now" } ?? "\(hero) is on \(world.hero.possessive) own"
        case .bond: return ally.map { "\(hero) trusts \($0) more than before" } ?? "\(hero) feels a little stronger"
        case .plan: return "the plan is ready"
        case .journey: return "the road leads on"
        case .obstacle: return "the way ahead is blocked"
        case .discovery: return "\(hero) knows about \(world.clue)"
        case .setback: return "\(world.opponent) is one step ahead"
        case .quarrel: return ally.map { "\($0) has walked away" } ?? "the way ahead is blocked"
        case .sacrifice: return "there is no way back now"
        case .reunion: return ally == nil ? "\(hero) is no longer alone" : "the two of them are a team again"
        case .confession: return "\(hero) feels lighter"
        case .confrontation: return "\(world.opponent) is shaken"
        case .climax: return "the long struggle is over"
        case .resolution: return "peace returns to the \(world.home)"
        case .epilogue: return nil
        }
    }
}
