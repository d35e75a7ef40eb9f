import { Module } from '@nestjs/common';
import { DocumentStorage } from './document-storage';
import { DocumentVerifyService } from './document-verify.service';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

@Module({
  controllers: [DocumentsController],
  providers: [DocumentsRepository, DocumentsService, DocumentStorage, DocumentVerifyService],
  exports: [DocumentsService, DocumentsRepository, DocumentStorage],
})
export class DocumentsModule {}
