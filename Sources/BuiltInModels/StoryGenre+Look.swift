import Foundation

extension StoryGenre {
    /// How movies of this genre look.
    var look: GenreLook {
        switch self {
        case .drama:
            return GenreLook(
                keywords: ["Dramatic", "Cinematic", "Moody"],
                tones: ["tense", "heartfelt", "somber", "intimate"],
                looks: ["high-contrast light with deep shadows", "warm firelight against cold stone", "muted colours and soft film grain"],
                settings: [.medieval, .coast, .city, .town])
        case .comedy:
            return GenreLook(
                keywords: ["Playful", "Sunny", "Cartoon"],
                tones: ["light", "witty", "warm", "cheerful"],
                looks: ["bright saturated colours with bold outlines", "sunny pastel tones", "flat cartoon colours"],
                settings: [.town, .city, .coast])
        case .romance:
            return GenreLook(
                keywords: ["Romantic", "Dreamy", "Golden"],
                tones: ["tender", "wistful", "warm", "hopeful"],
                looks: ["soft golden light and gentle pastel tones", "dreamy hazy warm colours", "warm sunset glow"],
                settings: [.medieval, .coast, .city, .town])
        case .anime:
            return GenreLook(
                keywords: ["Anime", "Vivid", "Cel"],
                tones: ["earnest", "energetic", "bright", "emotional"],
                looks: ["vivid cel colours with clean bold lines", "vibrant flat colours and crisp outlines", "colourful painterly skies"],
                settings: [.fantasy, .town, .space, .city])
        case .adventure:
            return GenreLook(
                keywords: ["Epic", "Vibrant", "Sweeping"],
                tones: ["daring", "bold", "hopeful", "restless"],
                looks: ["vivid warm colours and wide skies", "epic dramatic light", "saturated painterly landscapes"],
                settings: [.mountain, .desert, .coast, .fantasy])
        case .family:
            return GenreLook(
                keywords: ["Storybook", "Warm", "Gentle"],
                tones: ["warm", "gentle", "funny", "kind"],
                looks: ["soft storybook watercolour", "warm cozy colours", "gentle pastel light"],
                settings: [.town, .coast, .fantasy])
        case .historical:
            return GenreLook(
                keywords: ["Painterly", "Sepia", "Vintage"],
                tones: ["grave", "proud", "stirring", "solemn"],
                looks: ["muted vintage oil-painting tones", "sepia faded colours with grain", "painterly dark stone and candlelight"],
                settings: [.medieval, .desert, .coast])
        case .horror:
            return GenreLook(
                keywords: ["Eerie", "Gothic", "Shadowy"],
                tones: ["dread-filled", "uneasy", "grim", "cold"],
                looks: ["dark eerie shadows with cold green light", "gloomy desaturated colours with heavy grain", "ghostly pale light in deep darkness"],
                settings: [.gothic, .mountain])
        case .mystery:
            return GenreLook(
                keywords: ["Noir", "Shadowy", "Muted"],
                tones: ["curious", "secretive", "tense", "quiet"],
                looks: ["dark noir shadows and stark contrast", "muted blue night tones", "ink sketch with hatched shadows"],
                settings: [.gothic, .city, .coast, .medieval])
        case .crime:
            return GenreLook(
                keywords: ["Noir", "Gritty", "Stark"],
                tones: ["hard", "cynical", "tense", "raw"],
                looks: ["gritty grainy film with harsh contrast", "dark noir ink with hatching", "cold steel blue night"],
                settings: [.city, .coast])
        case .action:
            return GenreLook(
                keywords: ["Kinetic", "Bold", "Intense"],
                tones: ["fast", "fierce", "daring", "loud"],
                looks: ["intense high-contrast colours with bold lines", "fiery vivid red and orange", "gritty dramatic contrast"],
                settings: [.city, .space, .desert, .medieval])
        case .fantasy:
            return GenreLook(
                keywords: ["Mythic", "Enchanted", "Mystical"],
                tones: ["wondrous", "magical", "ancient", "hopeful"],
                looks: ["mystical purple and green glow", "painterly enchanted colours", "vivid magical light"],
                settings: [.fantasy, .mountain, .medieval])
        case .disaster:
            return GenreLook(
                keywords: ["Stark", "Apocalyptic", "Raw"],
                tones: ["desperate", "urgent", "bleak", "brave"],
                looks: ["harsh grainy light and dusty muted colours", "fiery red skies and dark smoke", "cold stark grey tones"],
                settings: [.coast, .mountain, .space, .city])
        case .sciFi:
            return GenreLook(
                keywords: ["Futuristic", "Neon", "Chrome"],
                tones: ["cool", "curious", "lonely", "sleek"],
                looks: ["cold clinical blue light", "neon purple glow in darkness", "cool steel tones with clean lines"],
                settings: [.space, .city])
        case .biography:
            return GenreLook(
                keywords: ["Documentary", "Vintage", "Naturalistic"],
                tones: ["honest", "reflective", "proud", "quiet"],
                looks: ["muted naturalistic film grain", "warm vintage faded colours", "soft natural light"],
                settings: [.city, .town, .coast, .medieval])
        }
    }
}
