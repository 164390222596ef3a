import { ApiProperty } from '@nestjs/swagger';

/** The multipart form of a workbook upload (SPEC §14): one file in the field `file`. */
export class WorkbookUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'the filled-in .xlsx downloaded from workbook.xlsx (at most 5 MB)' })
  file!: unknown;
}

/** What a workbook upload did. */
export class WorkbookImportDto {
  @ApiProperty({ description: 'answers written (new or different from the stored ones); each has an audit entry with source workbook' })
  changed!: number;

  @ApiProperty({ description: 'answers the workbook repeats exactly as stored' })
  unchanged!: number;

  @ApiProperty({ description: 'questions whose answer cells are empty: the stored answer, if any, stays' })
  empty!: number;
}
