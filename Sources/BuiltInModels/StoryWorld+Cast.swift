import Models
import Foundation

extension StoryWorld {
    /// The hero, maybe a partner (always in a romance) and maybe a supporting character (likely when there is an
    /// antagonist or a rival), with distinct names, clothing colours and trades; a trade the theme names goes to the
    /// hero.
    static func cast(setting: StorySetting, theme: String, arc: StoryArc, conflict: Conflict,
                     rng: inout SeededGenerator) -> (hero: StoryCast, partner: StoryCast?, third: StoryCast?) {
        var trades = rng.sample(setting.trades, count: 3)
        if let named = setting.trades.first(where: { theme.lowercased().contains($0) }) {
            trades.removeAll { $0 == named }
            trades.insert(named, at: 0)
        }
        let hero = StoryCast.draw(role: .main, trade: trades[0], taken: [], usedColours: [], rng: &rng)
        var partner: StoryCast?
        if arc == .romance || rng.chance(0.7) {
            partner = StoryCast.draw(role: .main, trade: trades[1], taken: [hero.name], usedColours: [hero.colour],
                                     rng: &rng)
        }
        var third: StoryCast?
        if rng.chance(conflict == .antagonist || arc == .rivalry ? 0.85 : 0.5) {
            third = StoryCast.draw(role: .supporting, trade: trades[2], taken: [hero.name, partner?.name ?? ""],
                                   usedColours: [hero.colour, partner?.colour ?? ""], rng: &rng)
        }
        return (hero, partner, third)
    }

    /// The treasure at stake and the threat over everyone, preferring those the theme itself mentions ("...a city
    /// under siege" → the siege).
    static func stakes(in setting: StorySetting, theme: String, rng: inout SeededGenerator)
        -> (treasure: String, threat: String) {
        let themeWords = Set(theme.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
            .filter { $0.count >= 4 })
        func echoesTheme(_ phrase: String) -> Bool {
            phrase.lowercased().split(whereSeparator: { !$0.isLetter }).contains { themeWords.contains(String($0)) }
        }
        let treasure = setting.treasures.first(where: echoesTheme) ?? rng.pick(setting.treasures)
        let threat = setting.threats.first(where: echoesTheme) ?? rng.pick(setting.threats)
        return (treasure, threat)
    }
}
