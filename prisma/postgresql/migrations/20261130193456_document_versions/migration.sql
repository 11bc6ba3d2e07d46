-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_kind_subjectId_version_key" ON "DocumentVersion"("kind", "subjectId", "version");


-- An issued version is never changed or removed: a change is the next version.
CREATE FUNCTION "DocumentVersion_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'DocumentVersion rows are immutable';
END;
$$;
CREATE TRIGGER "DocumentVersion_no_change" BEFORE UPDATE OR DELETE ON "DocumentVersion"
  FOR EACH ROW EXECUTE FUNCTION "DocumentVersion_immutable"();
