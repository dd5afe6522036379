//! The sfnt container: a font's tables read by tag, and written back with their
//! directory, padding and checksums (OpenType's "Font file" chapter).

/// A font's tables, in their directory's order.
pub(super) struct Tables {
    pub version: u32,
    pub tables: Vec<([u8; 4], Vec<u8>)>,
}

impl Tables {
    pub fn get(&self, tag: &[u8; 4]) -> Option<&[u8]> {
        self.tables
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, d)| d.as_slice())
    }

    pub fn set(&mut self, tag: &[u8; 4], data: Vec<u8>) {
        match self.tables.iter_mut().find(|(t, _)| t == tag) {
            Some(entry) => entry.1 = data,
            None => self.tables.push((*tag, data)),
        }
    }

    pub fn remove(&mut self, tag: &[u8; 4]) {
        self.tables.retain(|(t, _)| t != tag);
    }
}

pub(super) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

pub(super) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The tables of face `index` of a font or collection (`ttcf`), TrueType or CFF.
pub(super) fn read_face(font: &[u8], index: u32) -> Option<Tables> {
    if !font.starts_with(b"ttcf") {
        return read_at(font, 0).filter(|_| index == 0);
    }
    if index >= u32_at(font, 8)? {
        return None;
    }
    let at = u32_at(font, 12 + 4 * index as usize)? as usize;
    read_at(font, at)
}

/// The table directory at byte `at` (a collection's offsets are from the file's
/// start, as a single font's are).
fn read_at(font: &[u8], at: usize) -> Option<Tables> {
    let version = u32_at(font, at)?;
    let known = [
        0x0001_0000,
        u32::from_be_bytes(*b"true"),
        u32::from_be_bytes(*b"OTTO"),
    ];
    if !known.contains(&version) {
        return None;
    }
    let count = usize::from(u16_at(font, at + 4)?);
    let mut tables = Vec::with_capacity(count);
    for i in 0..count {
        let record = at + 12 + 16 * i;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(font, record + 8)? as usize;
        let length = u32_at(font, record + 12)? as usize;
        let data = font.get(offset..offset.checked_add(length)?)?;
        tables.push((tag, data.to_vec()));
    }
    Some(Tables { version, tables })
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// The font file: tables sorted by tag, each on a four-byte boundary, with their
/// checksums and `head`'s checkSumAdjustment.
pub(super) fn write(tables: &Tables) -> Vec<u8> {
    let mut sorted: Vec<&([u8; 4], Vec<u8>)> = tables.tables.iter().collect();
    sorted.sort_by_key(|(tag, _)| *tag);
    let count = sorted.len() as u16;
    let power = 1u16 << (15 - count.max(1).leading_zeros());
    let search_range = power * 16;
    let entry_selector = power.trailing_zeros() as u16;
    let mut out = Vec::new();
    out.extend(tables.version.to_be_bytes());
    for v in [
        count,
        search_range,
        entry_selector,
        count * 16 - search_range,
    ] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * sorted.len();
    let mut head_at = None;
    for (tag, data) in &sorted {
        let mut data = data.clone();
        if tag == b"head" && data.len() >= 12 {
            data[8..12].fill(0);
            head_at = Some(offset);
        }
        out.extend(tag);
        out.extend(checksum(&data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (tag, data) in &sorted {
        let start = out.len();
        out.extend(data.iter());
        if tag == b"head" && data.len() >= 12 {
            out[start + 8..start + 12].fill(0);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}
