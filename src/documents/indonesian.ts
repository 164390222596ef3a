const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** 2025-12-12 → "12 Desember 2025" */
export function tanggal(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** 65.89 → "65,89" (Indonesian decimal comma), always two decimals */
export function angka(value: number): string {
  return value.toFixed(2).replace('.', ',');
}
