import Models
import Foundation

extension StoryWorld {
    /// Builds the world for a plot request, deterministic in the generator's seed, the theme and the movie's place in
    /// its batch's mix (``PlotRequest/mixPosition``).
    static func build(theme requested: String?, mixPosition: Double? = nil, rng: inout SeededGenerator) -> StoryWorld {
        let (genre, theme, setting) = premise(theme: requested, mixPosition: mixPosition, rng: &rng)
        let style = style(for: genre, rng: &rng)
        let arc = rng.pick(StoryArc.options(for: genre))
        let conflict = rng.pick(Conflict.allCases)
        let (hero, partner, third) = cast(setting: setting, theme: theme, arc: arc, conflict: conflict, rng: &rng)
        let locations = rng.sample(setting.locations, count: 12 + rng.index(3))
        let (treasure, threat) = stakes(in: setting, theme: theme, rng: &rng)
        let home = locations[0], goalPlace = locations[1]
        let power = rng.pick(setting.powers)
        // The rival is the opponent when the story is about a rival or an antagonist; otherwise a figure of power.
        let opponent: String
        if conflict == .antagonist || arc == .rivalry, let third { opponent = third.name } else { opponent = power }
        let goal = goal(treasure: treasure, goalPlace: goalPlace, rng: &rng)
        let obstacle: String
        switch conflict {
        case .antagonist: obstacle = "\(opponent) wants \(treasure) for a selfish plan"
        case .nature: obstacle = "\(threat) closes every road out of the \(home)"
        case .society:
            obstacle = "the whole \(setting.id == .space ? "colony" : "town") believes a rumour that \(hero.name) is a thief"
        case .inner: obstacle = "\(hero.name) is held back by \(rng.pick(flaws))"
        case .secret: obstacle = "\(opponent) hides the truth about \(treasure)"
        }
        var world = StoryWorld(setting: setting, theme: theme, genre: genre, style: style, arc: arc, conflict: conflict,
                          hero: hero, partner: partner, third: third, locations: locations, treasure: treasure,
                          goal: goal, motive: motive(rng.pick(motives), treasure: treasure, hero: hero),
                          opponent: opponent, obstacle: obstacle, method: rng.pick(methods), clue: rng.pick(clues),
                          revelation: "\(treasure) is hidden in the \(goalPlace)", flaw: rng.pick(flaws),
                          home: home, goalPlace: goalPlace, threat: threat)
        world.turn(rng: &rng)
        return world
    }

    /// Draws what changes halfway: a second goal and its reason, and the ally's own motive (drawn after everything
    /// else, so the rest of a world is what the same seed always gave).
    mutating func turn(rng: inout SeededGenerator) {
        let turns: [(String, String)] = [
            ("protect the people of the \(home) from \(threat)", "\(threat) is closer than anyone thought"),
            ("bring \(opponent) to justice", "\(opponent) has hurt more people than \(hero.name) knew"),
            ("find out who really started the trouble", "the clues point to someone nobody suspected"),
            ("win back the trust of the people in the \(home)", "people in the \(home) have started to doubt \(hero.object)"),
            ("keep \(partner?.name ?? "an old friend") out of danger", "\(partner?.name ?? "an old friend") is in danger too"),
        ]
        (newGoal, turnReason) = rng.pick(turns)
        allyMotive = rng.pick(["owes \(hero.name) a favour from years ago", "has lost something to \(opponent) too",
                               "believes \(hero.name) is telling the truth", "wants an adventure away from the \(home)",
                               "hopes to clear the name of a brother", "wants a share of what \(treasure) is worth"])
    }

    /// The genre (drawn by the paper's mix: at the movie's place in its batch's mix when given, else at random), the
    /// theme and the world. A requested theme picks the world whose cues it mentions and may name the genre; without
    /// one, a built-in theme that suits the genre is drawn.
    static func premise(theme requested: String?, mixPosition: Double? = nil, rng: inout SeededGenerator)
        -> (genre: StoryGenre, theme: String, setting: StorySetting) {
        let random = rng.unit()
        let drawn = StoryGenre.at(mixPosition.map { min(max($0, 0), 1) } ?? random)
        if let requested, !requested.trimmingCharacters(in: .whitespaces).isEmpty {
            let theme = requested.trimmingCharacters(in: .whitespacesAndNewlines)
            let setting = StorySetting.matching(theme) ?? rng.pick(StorySetting.catalog)
            let lower = theme.lowercased()
            let genre = genreHints.first { lower.contains($0.word) }?.genre ?? drawn
            return (genre, theme, setting)
        }
        let suitable = StoryTheme.all.filter { $0.genres.contains(drawn) }
        let picked = rng.pick(suitable.isEmpty ? StoryTheme.all : suitable)
        return (drawn, picked.text, StorySetting.named(picked.setting))
    }

    /// A style for the genre: one of its keywords, three of its tones and one of its looks.
    static func style(for genre: StoryGenre, rng: inout SeededGenerator) -> StyleSpec {
        let look = genre.look
        let tones = rng.sample(look.tones, count: 3)
        return StyleSpec(keyword: rng.pick(look.keywords), tone: tones.joined(separator: ", "),
                         description: rng.pick(look.looks))
    }

    /// What the hero wants, as a base verb phrase.
    static func goal(treasure: String, goalPlace: String, rng: inout SeededGenerator) -> String {
        switch rng.index(4) {
        case 0: return "recover \(treasure)"
        case 1: return "bring \(treasure) safely to the \(goalPlace)"
        case 2: return "find out who took \(treasure)"
        default: return "keep \(treasure) out of the wrong hands"
        }
    }

    /// A motive template (see ``motives``) filled in for the hero and the treasure.
    static func motive(_ template: String, treasure: String, hero: StoryCast) -> String {
        template.replacingOccurrences(of: "{T}", with: treasure).replacingOccurrences(of: "{P}", with: hero.possessive)
            .replacingOccurrences(of: "{S}", with: hero.subject)
    }
}
