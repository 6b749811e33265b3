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
        let text = write(beat, at: BeatPlaces(scene: scene, home: world.home))
        var content = text.content
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
}
