import { CategoryDef } from '../scoring/types';

/**
 * Invented but plausible names of the public bodies of a simulated province: the ten real
 * regencies and cities of Kalimantan Timur, generic government offices, and invented companies,
 * universities, parties and villages. Every list extends without end (offices of further regencies,
 * invented places), so any number of bodies gets distinct names and kebab-case codes.
 */
export interface Named {
  name: string;
  code: string;
}

const REGIONS: readonly Named[] = [
  { name: 'Kabupaten Berau', code: 'kab-berau' },
  { name: 'Kabupaten Kutai Barat', code: 'kab-kutai-barat' },
  { name: 'Kabupaten Kutai Kartanegara', code: 'kab-kutai-kartanegara' },
  { name: 'Kabupaten Kutai Timur', code: 'kab-kutai-timur' },
  { name: 'Kabupaten Mahakam Ulu', code: 'kab-mahakam-ulu' },
  { name: 'Kabupaten Paser', code: 'kab-paser' },
  { name: 'Kabupaten Penajam Paser Utara', code: 'kab-penajam-paser-utara' },
  { name: 'Kota Balikpapan', code: 'kota-balikpapan' },
  { name: 'Kota Bontang', code: 'kota-bontang' },
  { name: 'Kota Samarinda', code: 'kota-samarinda' },
];

const PLACE_HEADS = [
  'Sungai', 'Muara', 'Tanjung', 'Long', 'Loa', 'Teluk', 'Batu', 'Bukit', 'Tanah', 'Tepian',
  'Handil', 'Rantau', 'Lamin', 'Sumber', 'Karang', 'Marang', 'Sepaku', 'Sebulu', 'Lempake', 'Gunung',
] as const;
const PLACE_TAILS = [
  'Jaya', 'Makmur', 'Baru', 'Indah', 'Lestari', 'Harapan', 'Sejahtera', 'Permai', 'Mulia', 'Raya',
  'Kencana', 'Damai', 'Sentosa', 'Bersatu', 'Mekar', 'Asri', 'Tengah', 'Ulu', 'Ilir', 'Hulu',
  'Laut', 'Darat', 'Merdeka', 'Rejo', 'Sari', 'Pinang', 'Bunga', 'Selatan', 'Utara',
] as const;
const PLACE_COUNT = PLACE_HEADS.length * PLACE_TAILS.length;

/** The k-th invented place name; a fixed permutation spreads consecutive k over the word lists. */
function placeName(k: number): Named {
  const t = (k * 337) % PLACE_COUNT;
  const round = Math.floor(k / PLACE_COUNT);
  const head = PLACE_HEADS[t % PLACE_HEADS.length];
  const tail = PLACE_TAILS[Math.floor(t / PLACE_HEADS.length)];
  const name = `${head} ${tail}${round > 0 ? ` ${round + 1}` : ''}`;
  return { name, code: kebab(name) };
}

/** Regions beyond the ten real ones are invented regencies. */
function region(k: number): Named {
  if (k < REGIONS.length) return REGIONS[k];
  const place = placeName(k - REGIONS.length + 7);
  return { name: `Kabupaten ${place.name}`, code: `kab-${place.code}` };
}

function regionShort(r: Named): string {
  return r.code.replace(/^(kab|kota)-/, '');
}

export function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const PROVINCIAL_OPD: readonly Named[] = [
  { name: 'Dinas Kesehatan', code: 'dinkes' },
  { name: 'Dinas Pendidikan dan Kebudayaan', code: 'disdikbud' },
  { name: 'Dinas Pekerjaan Umum, Penataan Ruang dan Perumahan Rakyat', code: 'dpupr-pera' },
  { name: 'Dinas Perhubungan', code: 'dishub' },
  { name: 'Dinas Sosial', code: 'dinsos' },
  { name: 'Dinas Komunikasi dan Informatika', code: 'diskominfo' },
  { name: 'Dinas Lingkungan Hidup', code: 'dlh' },
  { name: 'Dinas Kehutanan', code: 'dishut' },
  { name: 'Dinas Energi dan Sumber Daya Mineral', code: 'desdm' },
  { name: 'Dinas Kelautan dan Perikanan', code: 'dkp' },
  { name: 'Dinas Pangan, Tanaman Pangan dan Hortikultura', code: 'dpthp' },
  { name: 'Dinas Perkebunan', code: 'disbun' },
  { name: 'Dinas Peternakan dan Kesehatan Hewan', code: 'disnakkeswan' },
  { name: 'Dinas Perindustrian dan Perdagangan', code: 'disperindag' },
  { name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu', code: 'dpmptsp' },
  { name: 'Dinas Koperasi dan Usaha Kecil Menengah', code: 'diskop-ukm' },
  { name: 'Dinas Pariwisata', code: 'dispar' },
  { name: 'Dinas Pemuda dan Olahraga', code: 'dispora' },
  { name: 'Dinas Tenaga Kerja dan Transmigrasi', code: 'disnakertrans' },
  { name: 'Dinas Kependudukan, Pemberdayaan Perempuan dan Perlindungan Anak', code: 'dkp3a' },
  { name: 'Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa', code: 'dpmpd' },
  { name: 'Dinas Perpustakaan dan Kearsipan', code: 'dpk' },
  { name: 'Dinas Perumahan dan Kawasan Permukiman', code: 'disperkim' },
  { name: 'Badan Perencanaan Pembangunan Daerah', code: 'bappeda' },
  { name: 'Badan Pengelolaan Keuangan dan Aset Daerah', code: 'bpkad' },
  { name: 'Badan Pendapatan Daerah', code: 'bapenda' },
  { name: 'Badan Kepegawaian Daerah', code: 'bkd' },
  { name: 'Badan Pengembangan Sumber Daya Manusia', code: 'bpsdm' },
  { name: 'Badan Penanggulangan Bencana Daerah', code: 'bpbd' },
  { name: 'Badan Kesatuan Bangsa dan Politik', code: 'kesbangpol' },
  { name: 'Inspektorat Daerah', code: 'inspektorat' },
  { name: 'Sekretariat Daerah', code: 'setda' },
  { name: 'Sekretariat DPRD', code: 'setwan' },
  { name: 'Satuan Polisi Pamong Praja', code: 'satpol-pp' },
  { name: 'Badan Penghubung Daerah', code: 'banhub' },
  { name: 'Rumah Sakit Umum Daerah', code: 'rsud-provinsi' },
  { name: 'Rumah Sakit Jiwa Daerah', code: 'rsjd' },
  { name: 'Rumah Sakit Ibu dan Anak Daerah', code: 'rsia' },
  { name: 'Biro Pengadaan Barang dan Jasa', code: 'biro-pbj' },
  { name: 'Biro Hukum', code: 'biro-hukum' },
  { name: 'Biro Organisasi', code: 'biro-organisasi' },
  { name: 'Biro Umum', code: 'biro-umum' },
  { name: 'Biro Kesejahteraan Rakyat', code: 'biro-kesra' },
  { name: 'Biro Administrasi Pimpinan', code: 'biro-adpim' },
  { name: 'Biro Perekonomian', code: 'biro-ekonomi' },
  { name: 'Biro Administrasi Pembangunan', code: 'biro-adbang' },
  { name: 'Biro Pemerintahan dan Otonomi Daerah', code: 'biro-pemotda' },
];
/** OPD kinds that every regency also has, for bodies beyond the provincial list. */
const REGIONAL_OPD = PROVINCIAL_OPD.slice(0, 31);

const BUMD: readonly Named[] = [
  { name: 'PT Bank Pembangunan Daerah', code: 'bpd' },
  { name: 'Perumda Air Minum Tirta Benua Etam', code: 'perumda-tirta-benua-etam' },
  { name: 'PT Migas Benua Etam Energi', code: 'migas-benua-etam' },
  { name: 'PT Penjaminan Kredit Daerah', code: 'jamkrida' },
  { name: 'Perusda Pertambangan dan Energi Benua Taka', code: 'perusda-benua-taka' },
  { name: 'Perumda Agro Mahakam Sejahtera', code: 'perumda-agro-mahakam' },
  { name: 'PT Pelabuhan Samudra Etam', code: 'pelabuhan-samudra-etam' },
  { name: 'Perumda Pasar Mahakam Jaya', code: 'perumda-pasar-mahakam' },
  { name: 'PT Ketenagalistrikan Borneo Terang', code: 'listrik-borneo-terang' },
  { name: 'PT Sarana Pembangunan Etam', code: 'sarana-pembangunan-etam' },
];
const REGIONAL_BUMD = [
  { name: 'Perumda Air Minum', code: 'perumda-am' },
  { name: 'PT Bank Perekonomian Rakyat', code: 'bpr' },
  { name: 'Perumda Pasar', code: 'perumda-pasar' },
  { name: 'Perusda Aneka Usaha', code: 'perusda-aneka-usaha' },
] as const;

const VERTICAL: readonly Named[] = [
  { name: 'Kantor Wilayah Kementerian Agama', code: 'kanwil-kemenag' },
  { name: 'Kantor Wilayah Kementerian Hukum', code: 'kanwil-kemenkum' },
  { name: 'Kantor Wilayah Direktorat Jenderal Perbendaharaan', code: 'kanwil-djpb' },
  { name: 'Kantor Wilayah Direktorat Jenderal Pajak', code: 'kanwil-djp' },
  { name: 'Kantor Wilayah Badan Pertanahan Nasional', code: 'kanwil-bpn' },
  { name: 'Badan Pusat Statistik Provinsi', code: 'bps-provinsi' },
  { name: 'Kepolisian Daerah', code: 'polda' },
  { name: 'Kejaksaan Tinggi', code: 'kejati' },
  { name: 'Pengadilan Tinggi', code: 'pengadilan-tinggi' },
  { name: 'Pengadilan Tinggi Agama', code: 'pta' },
  { name: 'Balai Besar Pengawas Obat dan Makanan', code: 'bbpom' },
  { name: 'Badan Narkotika Nasional Provinsi', code: 'bnnp' },
  { name: 'Balai Wilayah Sungai', code: 'bws' },
  { name: 'Balai Pelaksanaan Jalan Nasional', code: 'bpjn' },
  { name: 'Kantor Pencarian dan Pertolongan', code: 'kansar' },
  { name: 'Stasiun Meteorologi Kelas I', code: 'stamet' },
  { name: 'Ombudsman RI Perwakilan Provinsi', code: 'ombudsman-perwakilan' },
  { name: 'Kantor Perwakilan Bank Indonesia', code: 'kpw-bi' },
  { name: 'Badan Pengawasan Keuangan dan Pembangunan Perwakilan Provinsi', code: 'bpkp-perwakilan' },
  { name: 'Komisi Pemilihan Umum Provinsi', code: 'kpu-provinsi' },
  { name: 'Badan Pengawas Pemilihan Umum Provinsi', code: 'bawaslu-provinsi' },
];
const REGIONAL_VERTICAL = [
  { name: 'Badan Pusat Statistik', code: 'bps' },
  { name: 'Kantor Kementerian Agama', code: 'kemenag' },
  { name: 'Kantor Pertanahan', code: 'kantah' },
  { name: 'Kejaksaan Negeri', code: 'kejari' },
  { name: 'Kepolisian Resor', code: 'polres' },
  { name: 'Komisi Pemilihan Umum', code: 'kpu' },
  { name: 'Badan Pengawas Pemilihan Umum', code: 'bawaslu' },
] as const;

const PTN: readonly Named[] = [
  { name: 'Universitas Mahakam Raya', code: 'univ-mahakam-raya' },
  { name: 'Politeknik Negeri Tepian Mahakam', code: 'polnes-tepian' },
  { name: 'Institut Teknologi Benua Etam', code: 'itbe' },
  { name: 'Universitas Islam Negeri Samarinda Raya', code: 'uin-samarinda-raya' },
  { name: 'Politeknik Pertanian Negeri Borneo', code: 'politani-borneo' },
  { name: 'Politeknik Kesehatan Kementerian Kesehatan', code: 'poltekkes' },
  { name: 'Institut Agama Islam Negeri Tepian', code: 'iain-tepian' },
  { name: 'Politeknik Pelayaran Etam', code: 'poltekpel-etam' },
];

const PARTIES: readonly Named[] = [
  { name: 'Partai Nusantara Maju', code: 'nusantara-maju' },
  { name: 'Partai Karya Bersatu', code: 'karya-bersatu' },
  { name: 'Partai Harapan Bangsa', code: 'harapan-bangsa' },
  { name: 'Partai Suara Rakyat', code: 'suara-rakyat' },
  { name: 'Partai Bintang Persatuan', code: 'bintang-persatuan' },
  { name: 'Partai Gerakan Hijau', code: 'gerakan-hijau' },
  { name: 'Partai Pelopor Desa', code: 'pelopor-desa' },
  { name: 'Partai Demokrasi Kerakyatan', code: 'demokrasi-kerakyatan' },
  { name: 'Partai Cahaya Indonesia', code: 'cahaya-indonesia' },
  { name: 'Partai Tani dan Nelayan', code: 'tani-nelayan' },
  { name: 'Partai Pemuda Mandiri', code: 'pemuda-mandiri' },
  { name: 'Partai Bulan Sabit Nusantara', code: 'bulan-sabit-nusantara' },
];

/** A body category of the simulation: its share of the bodies and how good its bodies tend to be. */
export interface CategoryPlan {
  category: CategoryDef;
  share: number;
  /** odds of the quality tiers (excellent, good, middle, poor); desa and parties trail, as in real editions */
  tiers: readonly [number, number, number, number];
  name: (j: number, province: string) => Named;
}

/** Cycles a list of regional kinds over the regions: kind-major for the first regions, then further out. */
function regional(kinds: readonly Named[], j: number): { kind: Named; region: Named } {
  return { kind: kinds[j % kinds.length], region: region(Math.floor(j / kinds.length)) };
}

export const CATEGORY_PLANS: readonly CategoryPlan[] = [
  {
    category: { code: 'opd', name: 'Organisasi Perangkat Daerah' },
    share: 0.3,
    tiers: [0.15, 0.35, 0.35, 0.15],
    name: (j, province) => {
      if (j < PROVINCIAL_OPD.length) {
        const opd = PROVINCIAL_OPD[j];
        return { name: `${opd.name} Provinsi ${province}`, code: opd.code };
      }
      const { kind, region: r } = regional(REGIONAL_OPD, j - PROVINCIAL_OPD.length);
      return { name: `${kind.name} ${r.name}`, code: `${kind.code}-${r.code}` };
    },
  },
  {
    category: { code: 'kabupaten-kota', name: 'Pemerintah Kabupaten/Kota' },
    share: 0.065,
    tiers: [0.2, 0.4, 0.3, 0.1],
    name: (j) => {
      const r = region(j);
      const city = r.code.startsWith('kota-');
      return { name: `Pemerintah ${r.name}`, code: `${city ? 'pemkot' : 'pemkab'}-${regionShort(r)}` };
    },
  },
  {
    category: { code: 'bumd', name: 'Badan Usaha Milik Daerah' },
    share: 0.08,
    tiers: [0.1, 0.3, 0.35, 0.25],
    name: (j) => {
      if (j < BUMD.length) return BUMD[j];
      const { kind, region: r } = regional(REGIONAL_BUMD, j - BUMD.length);
      return { name: `${kind.name} ${r.name}`, code: `${kind.code}-${regionShort(r)}` };
    },
  },
  {
    category: { code: 'desa', name: 'Pemerintah Desa/Kelurahan' },
    share: 0.335,
    tiers: [0.03, 0.12, 0.35, 0.5],
    name: (j) => {
      const r = region(j % REGIONS.length);
      const place = placeName(Math.floor(j / REGIONS.length) + (j % REGIONS.length) * 41);
      const city = r.code.startsWith('kota-');
      return {
        name: `${city ? 'Kelurahan' : 'Desa'} ${place.name} ${r.name}`,
        code: `${city ? 'kel' : 'desa'}-${place.code}-${regionShort(r)}`,
      };
    },
  },
  {
    category: { code: 'instansi-vertikal', name: 'Instansi Vertikal' },
    share: 0.12,
    tiers: [0.2, 0.35, 0.35, 0.1],
    name: (j, province) => {
      if (j < VERTICAL.length) {
        const v = VERTICAL[j];
        return { name: v.name.endsWith('Provinsi') ? `${v.name} ${province}` : `${v.name} Provinsi ${province}`, code: v.code };
      }
      const { kind, region: r } = regional(REGIONAL_VERTICAL, j - VERTICAL.length);
      return { name: `${kind.name} ${r.name}`, code: `${kind.code}-${regionShort(r)}` };
    },
  },
  {
    category: { code: 'ptn', name: 'Perguruan Tinggi Negeri' },
    share: 0.04,
    tiers: [0.2, 0.35, 0.3, 0.15],
    name: (j) => {
      if (j < PTN.length) return PTN[j];
      const r = region(j - PTN.length);
      return { name: `Akademi Komunitas Negeri ${r.name}`, code: `akn-${regionShort(r)}` };
    },
  },
  {
    category: { code: 'parpol', name: 'Partai Politik' },
    share: 0.06,
    tiers: [0.03, 0.12, 0.35, 0.5],
    name: (j) => {
      if (j < PARTIES.length) {
        const p = PARTIES[j];
        return { name: `Dewan Pimpinan Wilayah ${p.name}`, code: `dpw-${p.code}` };
      }
      const { kind, region: r } = regional(PARTIES, j - PARTIES.length);
      return { name: `Dewan Pimpinan Cabang ${kind.name} ${r.name}`, code: `dpc-${kind.code}-${regionShort(r)}` };
    },
  },
];

/** Largest-remainder split of n bodies over the category shares. */
export function categoryCounts(n: number): number[] {
  const raw = CATEGORY_PLANS.map((p) => p.share * n);
  const counts = raw.map(Math.floor);
  const order = raw.map((r, i) => ({ i, rest: r - Math.floor(r) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  let missing = n - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (missing === 0) break;
    counts[i] += 1;
    missing -= 1;
  }
  return counts;
}
