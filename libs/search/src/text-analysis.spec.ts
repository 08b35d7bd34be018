import { allowedTypos, eachWord, analyseQuery, escapeHtml, fold, queryStemsOf, documentStemsOf, stemmingLanguageOf, TermHeads, tokenize, typoDistance, withinTypos, WordSpans, words } from './text-analysis';

describe('text analysis', () => {
  describe('fold', () => {
    it('ignores case and accents, French included', () => {
      expect(fold('Rénovée École FAÇADE fenêtre très Noël')).toBe('renovee ecole facade fenetre tres noel');
    });
    it('writes ё as е and keeps й, ь and ъ', () => {
      expect(fold('Зелёный ЁЛКА')).toBe('зеленый елка');
      expect(fold('объявление деньги район')).toBe('объявление деньги район');
      expect(fold('Й')).toBe('й');
    });
    it('folds decomposed input like composed input', () => {
      expect(fold('e\u0301cole')).toBe('ecole');
      expect(fold('е\u0308лка')).toBe('елка');
    });
  });

  describe('tokenize', () => {
    it('splits Latin and Cyrillic words and numbers, keeping positions of the original text', () => {
      const text = "L'école, 2024: объявление — деньги!";
      const tokens = tokenize(text);
      expect(tokens.map((t) => t.text)).toEqual(['L', 'école', '2024', 'объявление', 'деньги']);
      for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.text);
    });
    it('never splits on ь or ъ', () => {
      expect(words('подъезд, объём, деньги, мать')).toEqual(['подъезд', 'объем', 'деньги', 'мать']);
    });
    it('keeps a decomposed accent inside its word', () => {
      expect(tokenize('re\u0301nove\u0301e').map((t) => t.text)).toEqual(['re\u0301nove\u0301e']);
    });
  });

  describe('stemming', () => {
    it('reads the stemming language from a BCP 47 tag', () => {
      expect(stemmingLanguageOf('fr-CA')).toBe('fr');
      expect(stemmingLanguageOf('EN')).toBe('en');
      expect(stemmingLanguageOf('pt-BR')).toBeUndefined();
    });
    it('gives inflected forms one stem in each language', () => {
      expect(documentStemsOf('municipalities', 'en')).toEqual(documentStemsOf('municipality', 'en'));
      expect(documentStemsOf('écoles', 'fr')).toEqual(documentStemsOf('ecole', 'fr'));
      expect(documentStemsOf('Рёмонтом', 'ru')).toEqual(documentStemsOf('ремонте', 'ru'));
      expect(documentStemsOf('деньги', 'ru')).toEqual(documentStemsOf('деньгами', 'ru'));
    });
    it('stems Cyrillic words in Russian whatever the document language, and other words not at all', () => {
      expect(documentStemsOf('школами', 'en')).toEqual(documentStemsOf('школа', 'ru'));
      expect(documentStemsOf('Schools', undefined)).toEqual(['schools']);
    });
    it('gives an accented word the stem of its folded form and the stem of its written form', () => {
      expect(documentStemsOf('rénovées', 'fr')).toEqual(['renove', 'renov']);
      expect(documentStemsOf('rénovées', 'fr')).toContain(queryStemsOf('renovation').find((s) => s === 'renov'));
      expect(documentStemsOf('rénovées', 'fr')).toContain(documentStemsOf('renovees', 'fr')[0]);
    });
    it('gives a query word its English and French stems, or its Russian one', () => {
      expect(queryStemsOf('schools')).toContain(documentStemsOf('school', 'en')[0]);
      expect(queryStemsOf('ecoles')).toContain(documentStemsOf('école', 'fr')[0]);
      expect(queryStemsOf('школами')).toEqual(documentStemsOf('школа', 'ru'));
      expect(queryStemsOf('2024')).toEqual(['2024']);
    });
  });

  describe('typo rules (Meilisearch)', () => {
    it('allows no typo below 5 letters, 1 from 5 to 8, 2 from 9', () => {
      expect([4, 5, 8, 9, 15].map((n) => allowedTypos('a'.repeat(n)))).toEqual([0, 1, 1, 2, 2]);
      expect(allowedTypos('дом')).toBe(0);
      expect(allowedTypos('деньги')).toBe(1);
    });
    it('counts substitution, insertion, deletion and transposition as one typo each', () => {
      expect(typoDistance('renovation', 'renovatiom', 2)).toBe(1);
      expect(typoDistance('renovation', 'renovattion', 2)).toBe(1);
      expect(typoDistance('renovation', 'renvation', 2)).toBe(1);
      expect(typoDistance('renovation', 'renovaiton', 2)).toBe(1);
      expect(typoDistance('renovation', 'rneovaiton', 2)).toBe(2);
      expect(typoDistance('деньги', 'дееьги', 1)).toBe(1);
    });
    it('stops past the budget', () => {
      expect(typoDistance('renovation', 'xyz', 2)).toBe(3);
      expect(typoDistance('abcdef', 'badcfe', 1)).toBe(2);
    });
    it('applies the budget of the query word', () => {
      expect(withinTypos('shcool', 'school')).toBe(true);
      expect(withinTypos('pakr', 'park')).toBe(false);
      expect(withinTypos('rneovaiton', 'renovation')).toBe(true);
      expect(withinTypos('rneovaitno', 'renovation')).toBe(false);
    });
  });

  it('analyses a query: every word kept, only the last one a prefix', () => {
    const query = analyseQuery('Écoles rénovées ÉCOLES renov');
    expect(query.map((w) => w.word)).toEqual(['ecoles', 'renovees', 'ecoles', 'renov']);
    expect(query.map((w) => w.prefix)).toEqual([false, false, false, true]);
    expect(query[0].typos).toBe(1);
  });

  it('escapes markup for snippets', () => {
    expect(escapeHtml('<b>a & "b"</b>')).toBe('&lt;b&gt;a &amp; &quot;b&quot;&lt;/b&gt;');
  });
});

describe('eachWord', () => {
  it('finds the words tokenize finds, in order, and stops when asked', () => {
    const text = "L'école, 2024: объявление — деньги! naïve 𝐀bc";
    const seen: string[] = [];
    eachWord(text, (word, start, end) => {
      expect(text.slice(start, end)).toBe(word);
      seen.push(word);
    });
    expect(seen).toEqual(tokenize(text).map((t) => t.text));
    const first: string[] = [];
    eachWord(text, (word) => first.push(word) < 2);
    expect(first).toEqual(['L', 'école']);
  });
});

describe('WordSpans', () => {
  it('moves through the words eachWord finds, as offsets', () => {
    const text = "L'école, 2024: объявление — деньги! naïve 𝐀bc ";
    const spans = new WordSpans(text);
    const seen: string[] = [];
    while (spans.next()) seen.push(text.slice(spans.start, spans.end));
    expect(seen).toEqual(tokenize(text).map((t) => t.text));
    expect(new WordSpans('  ').next()).toBe(false);
  });
});

describe('TermHeads', () => {
  // Every word of a text against the terms: mayMatch must never say no to a word that folds to a term or begins
  // as one does (it may say yes to others: the caller folds them to know).
  const text = 'ÉCOLES rénovées Ёлка ёжик NAÏVE Straße İstanbul ΣΟΦΊΑ cafe\u0301s e\u0301cole 𝐀bc пьеса объём schools 가\u11a8가 \u1100\u1161\u11a8';
  const words = tokenize(text);
  const terms = ['ecole', 'renov', 'елка', 'ежик', 'naive', 'strasse', 'istanbul', 'σοφια', 'cafes', '𝐀bc', 'пьес', 'объем', 'school', '각가', '각'];

  it('lets through every word that begins as a term does, whatever its case, accents and composition', () => {
    const heads = new TermHeads(terms);
    for (const { text: word, start, end } of words) {
      const folded = fold(word);
      const shares = terms.some((term) => folded.slice(0, 3) === term.slice(0, 3));
      if (shares) expect([word, heads.mayMatch(text, start, end)]).toEqual([word, true]);
      expect([word, heads.sharesHead(folded)]).toEqual([word, shares]);
    }
  });

  it('turns away the words that do not begin with the first three letters of a term', () => {
    const heads = new TermHeads(['school']);
    const line = 'Renovation of a SCHOOL with new schooling: scholarship, a scheme';
    const kept = tokenize(line).filter(({ start, end }) => heads.mayMatch(line, start, end)).map((t) => t.text);
    expect(kept).toEqual(['SCHOOL', 'schooling', 'scholarship', 'scheme']);
  });
});
