import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiExtraModels, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InvalidInputError } from '../common/errors';
import { Actor, CurrentActor } from '../common/actor';
import { ApiErrors } from '../common/api-docs';
import { AnswerViewDto, SavedAnswerDto, SaveAnswerDto } from './dto/answer.dto';
import { WorkbookImportDto, WorkbookUploadDto } from './dto/workbook.dto';
import { DecisionViewDto, SaqViewDto, SubmittedSaqDto } from './dto/saq-view.dto';
import { SavedAnswer, SaqService, SaqView, SubmittedSaq, WorkbookImport } from './saq.service';

/** An uploaded workbook is read whole (exceljs needs the zip's directory); 5 MB holds the 87-question SAQ many times over. */
export const WORKBOOK_MAX_BYTES = 5 * 1024 * 1024;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STAGE_QUERY = { name: 'stage', required: false, description: 'questionnaire stage code; default: the edition\'s first questionnaire stage' };

@ApiTags('saq')
@ApiBearerAuth()
@ApiExtraModels(AnswerViewDto, DecisionViewDto)
@Controller('editions/:edition/saq/:body')
export class SaqController {
  constructor(private readonly saq: SaqService) {}

  @Get()
  @ApiOperation({ summary: 'A body\'s questionnaire: questions, answers, status, claimed score (the body itself, its verifier, admin)' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: SaqViewDto })
  @ApiErrors(401, 403, 404)
  view(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string, @Query('stage') stage?: string): Promise<SaqView> {
    return this.saq.view(actor, edition, body, stage || undefined);
  }

  @Put('answers/:question')
  @ApiOperation({ summary: 'Answer one question (the body itself), inside the window or its extension and before submitting; audited' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: SavedAnswerDto })
  @ApiErrors(400, 401, 403, 404, 409)
  answer(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('body') body: string,
    @Param('question') question: string,
    @Body() dto: SaveAnswerDto,
    @Query('stage') stage?: string,
  ): Promise<SavedAnswer> {
    return this.saq.saveAnswer(actor, edition, body, question, dto, stage || undefined);
  }

  @Post('submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the questionnaire (the body itself); it is locked afterwards' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ type: SubmittedSaqDto })
  @ApiErrors(401, 403, 404, 409)
  submit(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string, @Query('stage') stage?: string): Promise<SubmittedSaq> {
    return this.saq.submit(actor, edition, body, stage || undefined);
  }

  @Get('workbook.xlsx')
  @ApiOperation({ summary: 'The offline questionnaire workbook with the current answers (the body itself, its verifier, admin); SPEC §14' })
  @ApiQuery(STAGE_QUERY)
  @ApiOkResponse({ description: 'the workbook (.xlsx): Petunjuk, one sheet per indicator, a signed hidden stamp', content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiErrors(401, 403, 404)
  @Header('Content-Type', XLSX)
  async workbook(@CurrentActor() actor: Actor, @Param('edition') edition: string, @Param('body') body: string, @Query('stage') stage?: string): Promise<StreamableFile> {
    const { filename, bytes } = await this.saq.workbook(actor, edition, body, stage || undefined);
    return new StreamableFile(bytes, { type: XLSX, disposition: `attachment; filename="${filename}"`, length: bytes.length });
  }

  @Post('workbook')
  @HttpCode(200)
  @ApiOperation({ summary: 'Upload a filled-in workbook (the body itself), inside the window and before submitting: all or nothing, each error by sheet and cell; audited with source workbook' })
  @ApiQuery(STAGE_QUERY)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: WorkbookUploadDto })
  @ApiOkResponse({ type: WorkbookImportDto })
  @ApiErrors(400, 401, 403, 404, 409, 413)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: WORKBOOK_MAX_BYTES, files: 1 } }))
  importWorkbook(
    @CurrentActor() actor: Actor,
    @Param('edition') edition: string,
    @Param('body') body: string,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Query('stage') stage?: string,
  ): Promise<WorkbookImport> {
    if (!file) throw new InvalidInputError([{ field: 'file', message: 'a workbook file is required (multipart field "file")', text: 'berkas kuesioner wajib diunggah (kolom multipart "file")' }]);
    return this.saq.importWorkbook(actor, edition, body, file.buffer, stage || undefined);
  }
}
