-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_kind_subjectId_version_key" ON "DocumentVersion"("kind", "subjectId", "version");


-- An issued version is never changed or removed: a change is the next version.
CREATE TRIGGER "DocumentVersion_no_update" BEFORE UPDATE ON "DocumentVersion"
BEGIN
  SELECT RAISE(ABORT, 'DocumentVersion rows are immutable');
END;
CREATE TRIGGER "DocumentVersion_no_delete" BEFORE DELETE ON "DocumentVersion"
BEGIN
  SELECT RAISE(ABORT, 'DocumentVersion rows are immutable');
END;
