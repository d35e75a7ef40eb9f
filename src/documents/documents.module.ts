import { Module } from '@nestjs/common';
import { DocumentStorage } from './document-storage';
import { DocumentsController } from './documents.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

@Module({ controllers: [DocumentsController], providers: [DocumentsRepository, DocumentsService, DocumentStorage], exports: [DocumentsService, DocumentsRepository] })
export class DocumentsModule {}
