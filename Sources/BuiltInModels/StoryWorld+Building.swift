import Models
import Imaging
import DreamFrameCore
import Foundation

extension StoryWorld {
    static let motives = ["{T} belonged to {P} late father", "{P} family will lose everything without it",
                          "{P} best friend was blamed for its loss", "{S} promised a dying friend to keep it safe",
                          "it is the only way to pay {P} debts", "{S} wants to prove {P} worth to everyone"]
    static let methods = ["trick the guards with a forged letter", "climb through a hidden passage",
                          "gather the neighbours to stand together", "use an old map to find a safer route",
                          "offer a fair trade instead of a fight", "reveal the truth in front of everyone",
                          "repair the broken mechanism just in time", "follow the tracks through the night"]
    static let clues = ["a torn map with a red mark", "a muddy footprint by the door", "a letter signed with a false name",
                        "a scrap of blue cloth", "a key that fits no known lock", "a hidden page in an old ledger"]
    static let flaws = ["the fear of failing again", "a stubborn pride", "a guilty secret from the past",
                        "the habit of trusting nobody", "a temper that ruins every plan"]

    /// Builds the world for a plot request, deterministic in (seed, theme).
    static func build(seed: UInt64, theme requested: String?, rng: inout SeededGenerator) -> StoryWorld {
        var genreIndex = rng.weightedIndex(StoryVocabulary.genres.map(\.1))
        var genre = StoryVocabulary.genres[genreIndex].0
        let theme: String, setting: StorySetting
        if let requested, !requested.trimmingCharacters(in: .whitespaces).isEmpty {
            theme = requested.trimmingCharacters(in: .whitespacesAndNewlines)
            setting = StorySetting.matching(theme) ?? rng.pick(StorySetting.catalog)
            let lower = theme.lowercased()
            let hints: [(String, String)] = [("love", "Romance"), ("romance", "Romance"), ("murder", "Mystery"), ("detective", "Crime"),
                                             ("ghost", "Horror"), ("haunted", "Horror"), ("war", "Historical"), ("storm", "Disaster"),
                                             ("magic", "Fantasy"), ("dragon", "Fantasy"), ("robot", "Sci-Fi"), ("space", "Sci-Fi")]
            if let hit = hints.first(where: { lower.contains($0.0) }) { genre = hit.1 }
        } else {
            let suitable = StoryTheme.all.filter { $0.genres.contains(genre) }
            let picked = rng.pick(suitable.isEmpty ? StoryTheme.all : suitable)
            theme = picked.text
            setting = StorySetting.catalog.first { $0.id == picked.setting }!
        }
        genreIndex = StoryVocabulary.genres.firstIndex { $0.0 == genre } ?? 0
        let look = StoryVocabulary.genreLooks[genre]!
        let tones = rng.sample(look.tones, count: 3)
        let style = StyleSpec(keyword: rng.pick(look.keywords), tone: tones.joined(separator: ", "),
                              description: rng.pick(look.looks))
        let arc = rng.pick(StoryArc.options(for: genre))
        let conflict = rng.pick(Conflict.allCases)

        var trades = rng.sample(setting.trades, count: 3)
        // A theme that names a trade ("a lighthouse keeper who...") gives it to the hero.
        if let named = setting.trades.first(where: { theme.lowercased().contains($0) }) {
            trades.removeAll { $0 == named }
            trades.insert(named, at: 0)
        }
        let hero = StoryCast.draw(role: .main, trade: trades[0], taken: [], usedColours: [], rng: &rng)
        var partner: StoryCast?
        if arc == .romance || rng.chance(0.7) {
            partner = StoryCast.draw(role: .main, trade: trades[1], taken: [hero.name], usedColours: [hero.colour], rng: &rng)
        }
        var third: StoryCast?
        if rng.chance(conflict == .antagonist || arc == .rivalry ? 0.85 : 0.5) {
            third = StoryCast.draw(role: .supporting, trade: trades[2], taken: [hero.name, partner?.name ?? ""],
                                   usedColours: [hero.colour, partner?.colour ?? ""], rng: &rng)
        }
        let locations = rng.sample(setting.locations, count: 12 + rng.index(3))
        // Prefer the treasure and threat the theme itself mentions ("...a city under siege" → the siege).
        let themeWords = Set(theme.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 4 })
        func echoes(_ phrase: String) -> Bool {
            phrase.lowercased().split(whereSeparator: { !$0.isLetter }).contains { themeWords.contains(String($0)) }
        }
        let treasure = setting.treasures.first(where: echoes) ?? rng.pick(setting.treasures)
        let threat = setting.threats.first(where: echoes) ?? rng.pick(setting.threats)
        let home = locations[0], goalPlace = locations[1]
        let power = rng.pick(setting.powers)
        let opponent = (conflict == .antagonist || arc == .rivalry) && third != nil ? third!.name : power
        func fill(_ t: String) -> String {
            t.replacingOccurrences(of: "{T}", with: treasure).replacingOccurrences(of: "{P}", with: hero.possessive)
                .replacingOccurrences(of: "{S}", with: hero.subject)
        }
        let goal: String
        switch rng.index(4) {
        case 0: goal = "recover \(treasure)"
        case 1: goal = "bring \(treasure) safely to the \(goalPlace)"
        case 2: goal = "find out who took \(treasure)"
        default: goal = "keep \(treasure) out of the wrong hands"
        }
        let obstacle: String
        switch conflict {
        case .antagonist: obstacle = "\(opponent) wants \(treasure) for a selfish plan"
        case .nature: obstacle = "\(threat) closes every road out of the \(home)"
        case .society: obstacle = "the whole \(setting.id == "space" ? "colony" : "town") believes a rumour that \(hero.name) is a thief"
        case .inner: obstacle = "\(hero.name) is held back by \(rng.pick(flaws))"
        case .secret: obstacle = "\(opponent) hides the truth about \(treasure)"
        }
        return StoryWorld(setting: setting, theme: theme, genre: genre, style: style, arc: arc, conflict: conflict,
                          hero: hero, partner: partner, third: third, locations: locations, treasure: treasure,
                          goal: goal, motive: fill(rng.pick(motives)), opponent: opponent, obstacle: obstacle,
                          method: rng.pick(methods), clue: rng.pick(clues),
                          revelation: "\(treasure) is hidden in the \(goalPlace)", flaw: rng.pick(flaws),
                          home: home, goalPlace: goalPlace, threat: threat)
    }

    /// The public character list: 1-2 main, 0-1 supporting.
    var characters: [StoryCharacter] { [hero, partner, third].compactMap { $0?.character } }
}
